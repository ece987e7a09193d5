// Runs many jobs of one kind in worker threads, one job per worker at a time,
// as many workers as cores (or fewer). The first failure, or an abort, stops
// the pool: no new job starts, the jobs in hand are cancelled, and only when
// every worker is idle are the workers ended. Ending a worker while native code
// (liblzma's threads) is still working inside it aborts the whole process, so
// a worker is never terminated mid-job unless it ignores the cancel too long.
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startWorker } from './worker-thread';
import type { FromWorker, SerializedError, ToWorker } from './worker-protocol';

/** How long a cancelled job may take to wind down before its worker is ended regardless. */
const CANCEL_GRACE_MS = 30_000;

export interface PoolOptions {
  /** Most workers at once; default: the number of cores. */
  readonly concurrency?: number;
  /** Called on this thread with whatever a worker reported, and the job's index. */
  readonly onProgress?: (progress: unknown, index: number) => void;
  /** Called on this thread with each job's result as it comes in, before the worker is given its next job. */
  readonly onResult?: (result: unknown, index: number) => void;
  readonly signal?: AbortSignal;
  /** Turns a worker's error back into the caller's own error class. */
  readonly reviveError?: (error: SerializedError) => Error;
  /**
   * How much work a job is (e.g. its bytes). The heaviest start first, so one
   * big job (a browser's NAR) does not start last and leave the other cores idle.
   */
  readonly weight?: (input: unknown) => number;
}

export type Settled<O> = { readonly ok: true; readonly result: O } | { readonly ok: false; readonly error: Error };

function defaultRevive(error: SerializedError): Error {
  return Object.assign(new Error(error.message), error.fields, { name: error.name });
}

/** Every job's result; the first failure stops the pool and rejects. */
export async function runJobs<I, O>(workerName: string, inputs: readonly I[], options: PoolOptions = {}): Promise<O[]> {
  const settled = await runPool<I, O>(workerName, inputs, options, false);
  return settled.map((s) => (s as { result: O }).result);
}

/** Every job's outcome: a failure is recorded and the other jobs go on (e.g. to list every damaged file). */
export function runJobsSettled<I, O>(workerName: string, inputs: readonly I[], options: PoolOptions = {}): Promise<Settled<O>[]> {
  return runPool<I, O>(workerName, inputs, options, true);
}

function runPool<I, O>(workerName: string, inputs: readonly I[], options: PoolOptions, keepGoing: boolean): Promise<Settled<O>[]> {
  if (inputs.length === 0) return Promise.resolve([]);
  const results = new Array<Settled<O>>(inputs.length);
  const size = Math.max(1, Math.min(options.concurrency ?? availableParallelism(), inputs.length));
  const workers: Worker[] = [];
  const busy = new Set<Worker>();
  const order = inputs.map((_, i) => i);
  const { weight } = options;
  if (weight) order.sort((a, b) => weight(inputs[b]) - weight(inputs[a]));
  let next = 0;
  let remaining = inputs.length;

  return new Promise<Settled<O>[]>((resolve, reject) => {
    let stopError: Error | undefined;
    let ended = false;
    let grace: NodeJS.Timeout | undefined;
    const end = (): void => {
      if (ended) return;
      ended = true;
      clearTimeout(grace);
      options.signal?.removeEventListener('abort', onAbort);
      for (const w of workers) void w.terminate();
      if (stopError) reject(stopError);
      else resolve(results);
    };
    const stop = (err: Error): void => {
      if (stopError) return;
      stopError = err;
      for (const w of busy) w.postMessage({ type: 'cancel' } satisfies ToWorker);
      if (busy.size === 0) return end();
      grace = setTimeout(end, CANCEL_GRACE_MS);
    };
    const onAbort = (): void => stop(new Error('cancelled'));
    options.signal?.addEventListener('abort', onAbort);

    const feed = (worker: Worker): void => {
      if (stopError || next >= inputs.length) return;
      const id = order[next++] as number;
      busy.add(worker);
      worker.postMessage({ type: 'job', id, input: inputs[id] } satisfies ToWorker);
    };
    const settle = (worker: Worker, id: number, outcome: Settled<O>): void => {
      busy.delete(worker);
      // Even after a stop: what a finished job made is its caller's to keep or remove.
      if (outcome.ok) options.onResult?.(outcome.result, id);
      if (stopError) {
        if (busy.size === 0) end();
        return;
      }
      if (!outcome.ok && !keepGoing) return stop(outcome.error);
      results[id] = outcome;
      if (--remaining === 0) return end();
      feed(worker);
    };

    if (options.signal?.aborted) return reject(new Error('cancelled'));
    for (let i = 0; i < size; i++) {
      const worker = startWorker(workerName);
      workers.push(worker);
      worker.on('message', (message: FromWorker) => {
        if (ended) return;
        if (message.type === 'progress') return options.onProgress?.(message.progress, message.id);
        if (message.type === 'done') return settle(worker, message.id, { ok: true, result: message.result as O });
        settle(worker, message.id, { ok: false, error: (options.reviveError ?? defaultRevive)(message.error) });
      });
      worker.on('error', (err) => {
        busy.delete(worker);
        stop(err);
        if (busy.size === 0) end();
      });
      worker.on('exit', (code) => {
        if (ended) return;
        busy.delete(worker);
        stop(new Error(`worker ${workerName} stopped (exit ${code}) with work left`));
        if (busy.size === 0) end();
      });
      feed(worker);
    }
  });
}
