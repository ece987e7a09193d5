// The web console's events, read from its server-sent event stream with fetch
// (the token goes in a header, which EventSource cannot send). One stream per
// page, shared by every listener, reopened after a drop: a deploy station's
// browser tab stays live across a restart of `airlock serve`.
import type { AirlockEvent, EventListener } from '../../../shared/events';

const RETRY_MS = 2000;

/** Splits the stream's text into events; returns what is left of an unfinished one. */
export function takeEvents(buffer: string, emit: (event: AirlockEvent) => void): string {
  const blocks = buffer.split('\n\n');
  const rest = blocks.pop() ?? '';
  for (const block of blocks) {
    const data = block
      .split('\n')
      .filter((line) => line.startsWith('data: '))
      .map((line) => line.slice(6))
      .join('\n');
    if (data !== '') emit(JSON.parse(data) as AirlockEvent);
  }
  return rest;
}

export function createEventSubscriber(token: string): (listener: EventListener) => () => void {
  const listeners = new Set<EventListener>();
  let controller: AbortController | undefined;

  const emit = (event: AirlockEvent): void => {
    for (const listener of [...listeners]) listener(event);
  };

  async function read(signal: AbortSignal): Promise<void> {
    const res = await fetch('/api/events', { headers: { Authorization: `Bearer ${token}` }, signal });
    if (!res.ok || res.body === null) throw new Error(`the event stream answered ${res.status}`);
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer = takeEvents(buffer + value, emit);
    }
  }

  function open(): void {
    const current = new AbortController();
    controller = current;
    void read(current.signal)
      .catch(() => undefined)
      .finally(() => {
        if (controller === current && !current.signal.aborted) setTimeout(() => controller === current && open(), RETRY_MS);
      });
  }

  return (listener) => {
    listeners.add(listener);
    if (listeners.size === 1) open();
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) {
        controller?.abort();
        controller = undefined;
      }
    };
  };
}
