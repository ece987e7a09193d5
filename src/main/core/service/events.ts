// The service's event hub. Background work that only a watching window needs
// (the periodic probe, the media watch) runs while at least one face is
// subscribed: `onWatched` hears when the first subscriber arrives and the last
// one leaves, so an idle `airlock serve` probes nobody.
import type { AirlockEvent, EventFeed, EventListener } from '../../../shared/events';

export interface EventHub extends EventFeed {
  emit(event: AirlockEvent): void;
  /** Called with true when the first listener subscribes, false when the last leaves. */
  onWatched(listener: (watched: boolean) => void): void;
}

export function createEventHub(): EventHub {
  const listeners = new Set<EventListener>();
  const watchers: ((watched: boolean) => void)[] = [];
  return {
    subscribe(listener) {
      // A wrapper, so the same function subscribed twice is two subscriptions.
      const entry: EventListener = (e) => listener(e);
      listeners.add(entry);
      if (listeners.size === 1) for (const w of watchers) w(true);
      return () => {
        if (!listeners.delete(entry)) return;
        if (listeners.size === 0) for (const w of watchers) w(false);
      };
    },
    emit(event) {
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch {
          // One broken face (a closed window, a dropped stream) must not stop the others.
        }
      }
    },
    onWatched(listener) {
      watchers.push(listener);
    },
  };
}
