#!/usr/bin/env node
// Bundles the `airlock` command and its worker threads into out/cli with
// esbuild (run by `npm install` through `prepare`, and by `npm test`), so the
// command starts without compiling TypeScript: tsx costs about a second at
// start-up and a few hundred milliseconds in every worker thread. Packages
// stay in node_modules. bin/airlock.mjs falls back to the sources when they
// are newer than this bundle.
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const workers = readdirSync(join(root, 'src/main/core/workers')).filter((f) => f.endsWith('.worker.ts'));

await build({
  entryPoints: {
    airlock: join(root, 'src/cli/main.ts'),
    ...Object.fromEntries(workers.map((w) => [w.replace(/\.ts$/, ''), join(root, 'src/main/core/workers', w)])),
  },
  outdir: join(root, 'out/cli'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
