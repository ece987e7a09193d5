// The generations marked bad, per host, as the Host screen shows them, and
// marking or unmarking one (audited by the engine). A mark changes the host's
// last known good, which the engine announces; the marks are read again here.
import type { BadMarkView } from '../../../shared/schemas';
import { errorText, type SliceOf } from './types';

export interface BadMarksSlice {
  readonly badMarksByHost: Readonly<Record<string, readonly BadMarkView[]>>;
  readonly badMarkError: string | null;
  loadBadMarks(host: string): Promise<void>;
  /** True when the mark was made; else badMarkError says why. */
  markGenerationBad(host: string, generation: number, reason: string): Promise<boolean>;
  unmarkGenerationBad(host: string, generation: number): Promise<boolean>;
}

export const createBadMarksSlice: SliceOf<BadMarksSlice> = (api) => (set, get) => {
  const change = async (host: string, call: () => Promise<unknown>): Promise<boolean> => {
    try {
      await call();
      set({ badMarkError: null });
      return true;
    } catch (err) {
      set({ badMarkError: errorText(err) });
      return false;
    } finally {
      await get().loadBadMarks(host);
    }
  };
  return {
    badMarksByHost: {},
    badMarkError: null,
    async loadBadMarks(host) {
      try {
        set({ badMarksByHost: { ...get().badMarksByHost, [host]: await api.hosts.badMarks({ name: host }) } });
      } catch {
        // The marks are shown beside the generations; without them the screen still works.
      }
    },
    markGenerationBad: (host, generation, reason) =>
      change(host, () => api.hosts.markBad({ name: host, generation, ...(reason.trim() ? { reason: reason.trim() } : {}) })),
    unmarkGenerationBad: (host, generation) => change(host, () => api.hosts.unmarkBad({ name: host, generation })),
  };
};
