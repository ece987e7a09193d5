// Runs many jobs of one kind in worker threads, one job per worker at a time,
// as many workers as cores (or fewer). The first failure, or an abort, stops
// every worker at once: the caller sees one error and nothing keeps running.
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startWorker } from './worker-thread';
import type { FromWorker, SerializedError } from './worker-protocol';

export interface PoolOptions {
  /** Most workers at once; default: the number of cores. */
  readonly concurrency?: number;
  /** Called on this thread with whatever a worker reported, and the job's index. */
  readonly onProgress?: (progress: unknown, index: number) => void;
  readonly signal?: AbortSignal;
  /** Turns a worker's error back into the caller's own error class. */
  readonly reviveError?: (error: SerializedError) => Error;
}

function defaultRevive(error: SerializedError): Error {
  return Object.assign(new Error(error.message), error.fields, { name: error.name });
}

export type Settled<O> = { readonly ok: true; readonly result: O } | { readonly ok: false; readonly error: Error };

/** Every job's result; the first failure stops all workers and rejects. */
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
  let next = 0;
  let remaining = inputs.length;

  return new Promise<Settled<O>[]>((resolve, reject) => {
    let finished = false;
    const finish = (err?: Error): void => {
      if (finished) return;
      finished = true;
      options.signal?.removeEventListener('abort', onAbort);
      for (const w of workers) void w.terminate();
      if (err) reject(err);
      else resolve(results);
    };
    const onAbort = (): void => finish(new Error('cancelled'));
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort);

    const feed = (worker: Worker): void => {
      if (next >= inputs.length) return;
      const id = next++;
      worker.postMessage({ type: 'job', id, input: inputs[id] });
    };
    for (let i = 0; i < size; i++) {
      const worker = startWorker(workerName);
      workers.push(worker);
      worker.on('message', (message: FromWorker) => {
        if (finished) return;
        switch (message.type) {
          case 'progress':
            options.onProgress?.(message.progress, message.id);
            return;
          case 'done':
          case 'failed': {
            if (message.type === 'failed') {
              const error = (options.reviveError ?? defaultRevive)(message.error);
              if (!keepGoing) return finish(error);
              results[message.id] = { ok: false, error };
            } else {
              results[message.id] = { ok: true, result: message.result as O };
            }
            if (--remaining === 0) return finish();
            return feed(worker);
          }
        }
      });
      worker.on('error', (err) => finish(err));
      worker.on('exit', (code) => {
        if (!finished) finish(new Error(`worker ${workerName} stopped (exit ${code}) with work left`));
      });
      feed(worker);
    }
  });
}
