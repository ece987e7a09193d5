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

export function runJobs<I, O>(workerName: string, inputs: readonly I[], options: PoolOptions = {}): Promise<O[]> {
  if (inputs.length === 0) return Promise.resolve([]);
  const results = new Array<O>(inputs.length);
  const size = Math.max(1, Math.min(options.concurrency ?? availableParallelism(), inputs.length));
  const workers: Worker[] = [];
  let next = 0;
  let remaining = inputs.length;

  return new Promise<O[]>((resolve, reject) => {
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
            results[message.id] = message.result as O;
            if (--remaining === 0) return finish();
            return feed(worker);
          case 'failed':
            return finish((options.reviveError ?? defaultRevive)(message.error));
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
