// Site mirrors (Offline cache screen): listed, added, removed, and published
// as a job followed through 'job' events like a cache verify.
import type { MirrorView, NewMirror } from '../../../shared/schemas';
import { errorText, type SliceOf } from './types';

export interface MirrorsSlice {
  readonly mirrors: readonly MirrorView[];
  readonly mirrorsError: string | null;
  loadMirrors(): Promise<void>;
  addMirror(input: NewMirror): Promise<boolean>;
  removeMirror(name: string): Promise<void>;
  publishMirror(name: string): Promise<void>;
}

export const createMirrorsSlice: SliceOf<MirrorsSlice> = (api) => (set, get) => {
  const attempt = async (work: () => Promise<void>): Promise<boolean> => {
    try {
      await work();
      set({ mirrorsError: null });
      return true;
    } catch (err) {
      set({ mirrorsError: errorText(err) });
      return false;
    }
  };
  return {
    mirrors: [],
    mirrorsError: null,
    loadMirrors: async () => void (await attempt(async () => set({ mirrors: await api.mirrors.list() }))),
    addMirror: (input) =>
      attempt(async () => {
        await api.mirrors.add(input);
        set({ mirrors: await api.mirrors.list() });
      }),
    removeMirror: async (name) =>
      void (await attempt(async () => {
        await api.mirrors.remove({ name });
        set({ mirrors: await api.mirrors.list() });
      })),
    publishMirror: async (name) => void (await attempt(async () => get().applyJob(await api.mirrors.publish({ name })))),
  };
};
