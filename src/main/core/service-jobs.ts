// Long jobs: each gets an id, reports progress as 'job' events (at most a few
// a second: a window cannot show more and IPC should not carry more), can be
// cancelled (its work gets an AbortSignal) and ends with a result in words. A refusal keeps its rule number, so the screen can
// say which rule of bundle-format.md the bundle broke.
import { randomUUID } from 'node:crypto';
import { Refusal } from './refusal-error';
import type { JobKind, JobProgress, JobView } from '../../shared/schemas';
import { BundleRefusal } from './bundle/refusal';
import { CacheBusyError } from './cache/cache-lock';
import { GcRefusal } from './cache/gc-plan';
import { NotACacheError } from './cache/init-cache';
import { MediumError } from './cache/medium-errors';
import { DatabaseRefusal } from './db/db-errors';
import type { ServiceContext } from './service-context';

const PROGRESS_EVERY_MS = 150;
/** Finished jobs kept for a window that opens later. */
const KEEP_FINISHED = 20;

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
  const refusals = [MediumError, CacheBusyError, GcRefusal, NotACacheError, DatabaseRefusal];
  if (refusals.some((kind) => err instanceof kind)) return { status: 'refused', message, rule: null };
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
  const jobs = new Map<string, JobView>();
  const controllers = new Map<string, AbortController>();
  const publish = (job: JobView): void => {
    jobs.set(job.id, job);
    ctx.events.emit({ type: 'job', job });
  };
  const prune = (): void => {
    const finished = [...jobs.values()].filter((j) => j.status !== 'running');
    for (const old of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) jobs.delete(old.id);
  };
  return {
    start(kind, subject, work) {
      let job: JobView = {
        id: randomUUID(),
        kind,
        subject,
        started: new Date().toISOString(),
        status: 'running',
        progress: { bytesDone: 0, bytesTotal: 0, pathsDone: 0, pathsTotal: 0 },
        message: null,
        rule: null,
        details: [],
      };
      publish(job);
      const controller = new AbortController();
      controllers.set(job.id, controller);
      let last = 0;
      const report: ReportProgress = (progress) => {
        job = { ...job, progress };
        const now = Date.now();
        if (now - last < PROGRESS_EVERY_MS && progress.bytesDone < progress.bytesTotal) return;
        last = now;
        publish(job);
      };
      // Started on the next turn, so the caller has the job's id before its first event.
      setImmediate(() => {
        work(report, controller.signal)
          .then(
            (outcome) => ({
              status: outcome.status ?? 'done',
              message: outcome.message,
              rule: null,
              details: [...(outcome.details ?? [])],
            }),
            (err: unknown) => (controller.signal.aborted ? cancelled(kind) : { ...ended(err), details: [] }),
          )
          .then((end) => {
            controllers.delete(job.id);
            publish({ ...job, ...end });
            prune();
          });
      });
      return job;
    },
    cancel(id) {
      const job = jobs.get(id);
      if (!job) throw new Refusal(`no job ${id} (it may have ended long ago)`);
      controllers.get(id)?.abort();
      return job;
    },
    list: () => [...jobs.values()],
  };
}
