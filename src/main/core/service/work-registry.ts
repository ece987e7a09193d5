// The registry of running work, one mechanism for every long thing the service
// runs: imports and verifies (jobs) and deploys, switches, rollbacks, incidents
// and reboots (operations). Each piece of work has an id, an AbortController
// its work listens to, a view that is announced as it changes, and a place in
// a short history of finished work for a window that opens later.
import { randomUUID } from 'node:crypto';
import { Refusal } from '../refusal-error';

/** Finished work kept for a window that opens later. */
const KEEP_FINISHED = 20;

interface Work {
  readonly id: string;
}

export interface WorkRegistry<V extends Work> {
  /** Registers new work under a fresh id, announces it, and returns its view and the signal its work must honour. */
  begin(make: (id: string) => V): { view: V; signal: AbortSignal };
  /** The latest view of running or recently finished work; refuses an id it does not know. */
  get(id: string): V;
  /** Replaces the view; announced unless `quietly` (progress between two announcements). */
  update(view: V, quietly?: boolean): void;
  /** The work ended: its last view is announced and kept with the recent history. */
  end(view: V): void;
  /** Asks running work to stop; returns false when it had already ended. */
  abort(id: string): boolean;
  list(): V[];
}

export function createWorkRegistry<V extends Work>(
  what: 'job' | 'operation',
  announce: (view: V) => void,
  isFinished: (view: V) => boolean,
): WorkRegistry<V> {
  const views = new Map<string, V>();
  const controllers = new Map<string, AbortController>();
  const publish = (view: V): void => {
    views.set(view.id, view);
    announce(view);
  };
  const prune = (): void => {
    const finished = [...views.values()].filter(isFinished);
    for (const old of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) views.delete(old.id);
  };
  return {
    begin(make) {
      const view = make(randomUUID());
      const controller = new AbortController();
      controllers.set(view.id, controller);
      publish(view);
      return { view, signal: controller.signal };
    },
    get(id) {
      const view = views.get(id);
      if (!view) throw new Refusal(`no ${what} ${id} (it may have ended long ago)`);
      return view;
    },
    update(view, quietly = false) {
      if (quietly) views.set(view.id, view);
      else publish(view);
    },
    end(view) {
      controllers.delete(view.id);
      publish(view);
      prune();
    },
    abort(id) {
      const controller = controllers.get(id);
      if (!controller) return false;
      controller.abort();
      return true;
    },
    list: () => [...views.values()],
  };
}
