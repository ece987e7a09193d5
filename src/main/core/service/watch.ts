// Background work a watching window needs: probe every host each interval and
// look for media coming and going. Both run only while a face is subscribed
// (see events.ts), never overlap themselves, and use unref'd timers so
// they never keep a finished process alive.
import type { MediumView } from '../../../shared/schemas';
import type { ServiceContext } from './context';
import { probeAndAnnounce } from './hosts';
import { listMedia } from './media';

export interface Watch {
  /** Starts over with the current interval (after the setting changed). */
  reschedule(): void;
  stop(): void;
}

/** Runs `tick` now and then every `intervalMs()` after each run ends, while started. */
function repeating(intervalMs: () => number, tick: () => Promise<void>) {
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let generation = 0;
  const schedule = (run: number, delay: number): void => {
    timer = setTimeout(() => {
      if (run !== generation) return;
      // The previous run (of an older schedule) is still going: look again shortly.
      if (running) return schedule(run, 200);
      running = true;
      void tick()
        .catch(() => undefined)
        .finally(() => {
          running = false;
          if (run === generation) schedule(run, intervalMs());
        });
    }, delay);
    timer.unref();
  };
  return {
    start: () => schedule(++generation, 0),
    stop: () => {
      generation++;
      clearTimeout(timer);
    },
  };
}

export function startWatch(ctx: ServiceContext): Watch {
  let lastMedia = '';
  const probe = repeating(
    () => ctx.settings.probeIntervalMs,
    async () => {
      await probeAndAnnounce(ctx);
    },
  );
  const media = repeating(
    () => ctx.settings.mediaPollMs,
    async () => {
      const found: MediumView[] = await listMedia(ctx);
      const text = JSON.stringify(found);
      if (text === lastMedia) return;
      lastMedia = text;
      ctx.events.emit({ type: 'media', media: found });
    },
  );
  let watched = false;
  ctx.events.onWatched((now) => {
    watched = now;
    if (now) {
      lastMedia = '';
      probe.start();
      media.start();
    } else {
      probe.stop();
      media.stop();
    }
  });
  return {
    reschedule: () => {
      if (!watched) return;
      probe.stop();
      probe.start();
    },
    stop: () => {
      probe.stop();
      media.stop();
    },
  };
}
