// Starts a worker thread by name. Worker entry points live in
// src/main/core/workers/NAME.worker.ts. From the TypeScript sources (the CLI
// and tests, under tsx) the worker is a tiny module that registers tsx and then
// imports the .ts entry (Node 20 workers ignore `--import` in execArgv); in the
// Electron build, electron-vite emits each as out/main/NAME.worker.js beside
// the main bundle (see electron.vite.config.ts).
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

function workerScript(file: string): string | URL {
  if (!fromSources) return file;
  const code = `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))};
register();
await import(${JSON.stringify(pathToFileURL(file).href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

export function startWorker(name: string): Worker {
  return new Worker(workerScript(workerFile(name)));
}
