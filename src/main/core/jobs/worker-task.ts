// The worker side of the pool: runs each job it is sent with `task` and
// answers with its result or its error; progress goes out as it happens. A
// 'cancel' aborts the job in hand through its AbortSignal.
import { parentPort } from 'node:worker_threads';
import { serializeError, type FromWorker, type ToWorker } from './worker-protocol';

export type ReportProgress = (progress: unknown) => void;

export function serveJobs<I, O>(task: (input: I, report: ReportProgress, signal: AbortSignal) => O | Promise<O>): void {
  const port = parentPort;
  if (!port) throw new Error('serveJobs() runs only inside a worker thread');
  const send = (message: FromWorker): void => port.postMessage(message);
  const running = new Set<AbortController>();
  port.on('message', (message: ToWorker) => {
    if (message.type === 'cancel') {
      for (const controller of running) controller.abort(new Error('cancelled'));
      return;
    }
    const { id } = message;
    const controller = new AbortController();
    running.add(controller);
    void (async () => {
      try {
        const result = await task(message.input as I, (progress) => send({ type: 'progress', id, progress }), controller.signal);
        send({ type: 'done', id, result });
      } catch (err) {
        send({ type: 'failed', id, error: serializeError(err) });
      } finally {
        running.delete(controller);
      }
    })();
  });
}
