#!/usr/bin/env node
// Bundles the `airlock` command and its worker threads into out/cli with
// esbuild (run by `npm install` through `prepare`, and by `npm test`), so the
// command starts without compiling TypeScript: tsx costs about a second at
// start-up and a few hundred milliseconds in every worker thread. Packages
// stay in node_modules. bin/airlock.mjs falls back to the sources when they
// are newer than this bundle.
import { build } from 'esbuild';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const workers = readdirSync(join(root, 'src/main/core/workers')).filter((f) => f.endsWith('.worker.ts'));

const built = await build({
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
  metafile: true,
});
// The source files the bundle was made from: bin/airlock.mjs stats only these to
// tell whether the bundle is fresh (a walk of all of src/ cost tens of ms per start).
const inputs = Object.keys(built.metafile.inputs).filter((f) => f.startsWith('src/'));
writeFileSync(join(root, 'out/cli/inputs.json'), JSON.stringify(inputs));
// Chunks of earlier builds (their names carry a content hash) are removed once
// the new ones are written, so out/cli does not grow with every build. (Only a
// command started from the old build during this very build could miss one.)
const outputs = new Set(Object.keys(built.metafile.outputs).map((f) => f.split('/').pop()));
for (const file of readdirSync(join(root, 'out/cli'))) {
  if (file !== 'inputs.json' && !outputs.has(file) && !outputs.has(file.replace(/\.map$/, '')))
    rmSync(join(root, 'out/cli', file), { force: true });
}

// `npm install` under Node 20 (all the CLI, the console and the tests need) warns
// EBADENGINE for electron 45 and its download/rebuild helpers, which declare
// Node >= 22.12. npm has no setting that hides only those warnings (loglevel
// would hide every warning, engine-strict only turns them into errors), so the
// install says once, last, why they are harmless here.
const [major, minor] = process.versions.node.split('.').map(Number);
if (process.env.npm_lifecycle_event === 'prepare' && (major < 22 || (major === 22 && minor < 12))) {
  console.log(
    `note: the EBADENGINE warnings above (electron 45 and its download/packaging tools want Node >= 22.12) do not affect npm install, the command line, the web console or the tests, which run on this Node ${process.versions.node}; only downloading and packaging the desktop app (npx install-electron, npm run dist) needs Node 22.12 (README, "Test it")`,
  );
}
