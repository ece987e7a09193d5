// Runs one task in a worker thread, so CPU-heavy work (hashing, decompressing)
// never blocks the caller's event loop (the window, the web console, progress).
//
// Worker entry points live in src/main/core/workers/NAME.worker.ts. From the
// TypeScript sources (the CLI and tests, under tsx) the worker loads the .ts
// file with tsx's loader; in the Electron build, electron-vite emits each as
// out/main/NAME.worker.js beside the main bundle (see electron.vite.config.ts).
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = fileURLToPath(import.meta.url);
const fromSources = here.endsWith('.ts');

function workerFile(name: string): string {
  const file = fromSources ? join(dirname(here), '..', 'workers', `${name}.worker.ts`) : join(dirname(here), `${name}.worker.js`);
  if (!existsSync(file)) throw new Error(`worker ${name} is missing (${file}); the build is incomplete`);
  return file;
}

export type WorkerReply<T> = { readonly ok: true; readonly result: T } | { readonly ok: false; readonly error: string };

/**
 * From the sources, a worker is a tiny ES module that registers tsx and then
 * imports the .ts entry (Node 20 workers ignore `--import` in execArgv).
 */
function workerScript(file: string): string | URL {
  if (!fromSources) return file;
  const code = `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))};
register();
await import(${JSON.stringify(pathToFileURL(file).href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

export function runWorker<T>(name: string, data: unknown): Promise<T> {
  const worker = new Worker(workerScript(workerFile(name)), { workerData: data });
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    worker.once('message', (reply: WorkerReply<T>) => {
      settled = true;
      if (reply.ok) resolve(reply.result);
      else reject(new Error(reply.error));
      void worker.terminate();
    });
    worker.once('error', (err) => {
      settled = true;
      reject(err);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`worker ${name} stopped (exit ${code}) without an answer`));
    });
  });
}
