// The offline cache: its status, choosing it, and GC with a preview first.
import type { CacheStatusView, GcPreviewView } from '../../../shared/schemas';
import { errorText, type SliceOf } from './types';

export interface CacheSlice {
  readonly cache: CacheStatusView | null;
  readonly cacheError: string | null;
  readonly gcPreview: GcPreviewView | null;
  /** What the last GC deleted, shown until the next preview. */
  readonly gcDone: GcPreviewView | null;
  loadCache(): Promise<void>;
  useCache(root: string): Promise<void>;
  previewGc(keep: number): Promise<void>;
  runGc(keep: number): Promise<void>;
}

export const createCacheSlice: SliceOf<CacheSlice> = (api) => (set) => {
  const attempt = async (work: () => Promise<Partial<CacheSlice>>): Promise<void> => {
    try {
      set({ ...(await work()), cacheError: null });
    } catch (err) {
      set({ cacheError: errorText(err) });
    }
  };
  return {
    cache: null,
    cacheError: null,
    gcPreview: null,
    gcDone: null,
    loadCache: () => attempt(async () => ({ cache: await api.cache.status() })),
    useCache: (root) => attempt(async () => ({ cache: await api.cache.use({ root }), gcPreview: null })),
    previewGc: (keep) => attempt(async () => ({ gcPreview: await api.cache.gcPreview({ keep }), gcDone: null })),
    runGc: (keep) =>
      attempt(async () => {
        const done = await api.cache.gc({ keep });
        return { gcDone: done, gcPreview: null, cache: await api.cache.status() };
      }),
  };
};
