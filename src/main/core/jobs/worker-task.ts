// The worker side of run-worker.ts: runs the task on workerData and posts one reply.
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerReply } from './run-worker';

export function serveTask<I, O>(task: (input: I) => O | Promise<O>): void {
  const port = parentPort;
  if (!port) throw new Error('serveTask() runs only inside a worker thread');
  void (async () => {
    let reply: WorkerReply<O>;
    try {
      reply = { ok: true, result: await task(workerData as I) };
    } catch (err) {
      reply = { ok: false, error: err instanceof Error ? err.message : String(err) };
    }
    port.postMessage(reply);
  })();
}
