// Long jobs (verify, import, cache verify) as their events describe them.
import type { JobKind, JobView } from '../../../shared/schemas';
import { errorText, type SliceOf } from './types';

export interface JobsSlice {
  readonly jobs: Readonly<Record<string, JobView>>;
  /** Why a job could not even start (no cache chosen, no site). */
  readonly jobError: string | null;
  loadJobs(): Promise<void>;
  applyJob(job: JobView): void;
  verifyBundle(folder: string): Promise<void>;
  importBundle(folder: string): Promise<void>;
  verifyCache(): Promise<void>;
  /** Asks the engine to stop a running job; its end arrives as an event. */
  cancelJob(id: string): Promise<void>;
}

/** The newest job of a kind (or of any of several) on a subject (a bundle folder, a cache), if any. */
export function latestJob(
  jobs: Readonly<Record<string, JobView>>,
  kind: JobKind | readonly JobKind[],
  subject?: string,
): JobView | undefined {
  const kinds: readonly JobKind[] = typeof kind === 'string' ? [kind] : kind;
  return Object.values(jobs)
    .filter((j) => kinds.includes(j.kind) && (subject === undefined || j.subject === subject))
    .sort((a, b) => (a.started < b.started ? 1 : -1))[0];
}

export const createJobsSlice: SliceOf<JobsSlice> = (api) => (set, get) => {
  const start = async (begin: () => Promise<JobView>): Promise<void> => {
    try {
      get().applyJob(await begin());
      set({ jobError: null });
    } catch (err) {
      set({ jobError: errorText(err) });
    }
  };
  return {
    jobs: {},
    jobError: null,
    async loadJobs() {
      for (const job of await api.jobs.list()) get().applyJob(job);
    },
    applyJob(job) {
      const known = get().jobs[job.id];
      // Events can overtake the call's answer: a finished job never goes back to running.
      if (known && known.status !== 'running' && job.status === 'running') return;
      set({ jobs: { ...get().jobs, [job.id]: job } });
      // An import that landed changes where the shown bundles stand (imported, below the floor): read them again.
      const shown = get().bundleFolder?.folder;
      if (job.kind === 'cache-import' && job.status === 'done' && known?.status !== 'done' && shown !== undefined)
        void get().openBundleFolder(shown, true);
    },
    verifyBundle: (folder) => start(() => api.bundles.verify({ folder })),
    importBundle: (folder) => start(() => api.cache.import({ folder })),
    verifyCache: () => start(() => api.cache.verify()),
    cancelJob: (id) => start(() => api.jobs.cancel({ id })),
  };
};
