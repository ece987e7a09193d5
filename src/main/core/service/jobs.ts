// Long jobs: each gets an id, reports progress as 'job' events (at most a few
// a second: a window cannot show more and IPC should not carry more), can be
// cancelled (its work gets an AbortSignal) and ends with a result in words. A refusal keeps its rule number, so the screen can
// say which rule of bundle-format.md the bundle broke.
import type { JobKind, JobProgress, JobView } from '../../../shared/schemas';
import { BundleRefusal, Refusal } from '../usecases/refusals';
import type { ServiceContext } from './context';
import { createWorkRegistry } from './work-registry';

const PROGRESS_EVERY_MS = 150;

export interface JobOutcome {
  readonly message: string;
  readonly details?: readonly string[];
  /** A job can end in a refusal without throwing (a cache verify that found damage). */
  readonly status?: 'done' | 'refused';
}

export type ReportProgress = (p: JobProgress) => void;

export interface JobRunner {
  start(kind: JobKind, subject: string, work: (report: ReportProgress, signal: AbortSignal) => Promise<JobOutcome>): JobView;
  /** Asks a running job to stop; a job that already ended is returned as it is. */
  cancel(id: string): JobView;
  list(): JobView[];
}

/** Refusals are the engine saying no for a reason the operator can act on; anything else is a failure. */
function ended(err: unknown): Pick<JobView, 'status' | 'message' | 'rule'> {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof BundleRefusal) return { status: 'refused', message: err.reason, rule: err.rule };
  if (err instanceof Refusal) return { status: 'refused', message, rule: null };
  return { status: 'failed', message, rule: null };
}

/** What a cancelled job leaves, in words: nothing half-done is ever kept as if whole. */
function cancelled(kind: JobKind): Pick<JobView, 'status' | 'message' | 'rule' | 'details'> {
  const message =
    kind === 'cache-import'
      ? 'nothing was accepted and the cache holds only whole paths; the NARs already checked are kept, so importing again resumes'
      : 'nothing was changed';
  return { status: 'cancelled', message, rule: null, details: [] };
}

export function createJobRunner(ctx: ServiceContext): JobRunner {
  const jobs = createWorkRegistry<JobView>(
    'job',
    (job) => ctx.events.emit({ type: 'job', job }),
    (job) => job.status !== 'running',
  );
  return {
    start(kind, subject, work) {
      const started = jobs.begin((id) => ({
        id,
        kind,
        subject,
        started: new Date().toISOString(),
        status: 'running',
        progress: { bytesDone: 0, bytesTotal: 0, pathsDone: 0, pathsTotal: 0 },
        message: null,
        rule: null,
        details: [],
      }));
      const { signal } = started;
      let job = started.view;
      let last = 0;
      const report: ReportProgress = (progress) => {
        job = { ...job, progress };
        const now = Date.now();
        const quietly = now - last < PROGRESS_EVERY_MS && progress.bytesDone < progress.bytesTotal;
        if (!quietly) last = now;
        jobs.update(job, quietly);
      };
      // Started on the next turn, so the caller has the job's id before its first event.
      setImmediate(() => {
        work(report, signal)
          .then(
            (outcome) => ({
              status: outcome.status ?? 'done',
              message: outcome.message,
              rule: null,
              details: [...(outcome.details ?? [])],
            }),
            (err: unknown) => (signal.aborted ? cancelled(kind) : { ...ended(err), details: [] }),
          )
          .then((end) => jobs.end({ ...job, ...end }));
      });
      return job;
    },
    cancel(id) {
      const job = jobs.get(id);
      jobs.abort(id);
      return job;
    },
    list: () => jobs.list(),
  };
}
