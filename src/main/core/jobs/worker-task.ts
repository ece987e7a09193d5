// The worker side of the pool: runs each job it is sent with `task` and
// answers with its result or its error; progress goes out as it happens.
import { parentPort } from 'node:worker_threads';
import { serializeError, type FromWorker, type ToWorker } from './worker-protocol';

export type ReportProgress = (progress: unknown) => void;

export function serveJobs<I, O>(task: (input: I, report: ReportProgress) => O | Promise<O>): void {
  const port = parentPort;
  if (!port) throw new Error('serveJobs() runs only inside a worker thread');
  const send = (message: FromWorker): void => port.postMessage(message);
  port.on('message', (message: ToWorker) => {
    const { id } = message;
    void (async () => {
      try {
        const result = await task(message.input as I, (progress) => send({ type: 'progress', id, progress }));
        send({ type: 'done', id, result });
      } catch (err) {
        send({ type: 'failed', id, error: serializeError(err) });
      }
    })();
  });
}
