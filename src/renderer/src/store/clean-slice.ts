// "Clean old generations" on the Host screen: a preview per host (what goes,
// what stays and why), then the run, which deletes only what the preview
// named and the operator confirmed.
import type { GenerationCleanView } from '../../../shared/schemas';
import { errorText, type SliceOf } from './types';

export interface CleanState {
  readonly keep: number;
  readonly loading: boolean;
  readonly result: GenerationCleanView | null;
  readonly error: string | null;
}

export interface CleanSlice {
  readonly cleanByHost: Readonly<Record<string, CleanState>>;
  previewClean(host: string, keep: number): Promise<void>;
  /** DESTRUCTIVE: deletes the generations of the preview on screen. */
  runClean(host: string): Promise<boolean>;
  closeClean(host: string): void;
}

export const createCleanSlice: SliceOf<CleanSlice> = (api) => (set, get) => {
  const put = (host: string, s: CleanState): void => set({ cleanByHost: { ...get().cleanByHost, [host]: s } });
  return {
    cleanByHost: {},
    async previewClean(host, keep) {
      put(host, { keep, loading: true, result: null, error: null });
      try {
        put(host, { keep, loading: false, result: await api.hosts.cleanPreview({ name: host, keep }), error: null });
      } catch (err) {
        put(host, { keep, loading: false, result: null, error: errorText(err) });
      }
    },
    async runClean(host) {
      const s = get().cleanByHost[host];
      const generations = s?.result?.applied === false ? s.result.plan.deleted.map((g) => g.generation) : [];
      if (!s || generations.length === 0) return false;
      put(host, { ...s, loading: true, error: null });
      try {
        put(host, { ...s, loading: false, result: await api.hosts.clean({ name: host, keep: s.keep, generations }), error: null });
        void get().loadGenerations(host);
        return true;
      } catch (err) {
        put(host, { ...s, loading: false, error: errorText(err) });
        return false;
      }
    },
    closeClean(host) {
      const { [host]: _gone, ...rest } = get().cleanByHost;
      set({ cleanByHost: rest });
    },
  };
};
