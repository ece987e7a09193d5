#!/usr/bin/env node
// The `airlock` command under plain Node.js: no Electron. It runs the bundle in
// out/cli (built by `npm install` through `prepare`, see scripts/build-cli.mjs)
// when that is newer than every source file, and otherwise the TypeScript
// sources through tsx, so an edited source is never run stale.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// More libuv threads than the default 4, so the flushes of many small files
// (narinfos) overlap; set before anything uses the pool.
process.env.UV_THREADPOOL_SIZE ??= '16';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = join(root, 'out/cli/airlock.js');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * The newest of the files the bundle was built from (out/cli/inputs.json), else
 * of all of src/. A new source file matters only once a listed file imports
 * it, and that edit is seen; a listed file gone makes the bundle stale.
 */
function newestInput() {
  let inputs;
  try {
    inputs = JSON.parse(readFileSync(join(root, 'out/cli/inputs.json'), 'utf8'));
  } catch {
    return newestSource(join(root, 'src'));
  }
  // Plain concatenation, not path.join: the inputs are clean relative paths, and
  // normalising 300+ of them cost several ms of every start.
  let newest = 0;
  for (const file of inputs) newest = Math.max(newest, statSync(root + file).mtimeMs);
  return newest;
}

function bundleIsFresh() {
  try {
    return statSync(bundle).mtimeMs >= newestInput();
  } catch {
    return false;
  }
}

let runCli;
if (bundleIsFresh()) {
  ({ runCli } = await import(bundle));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ runCli } = await import('../src/cli/main.ts'));
}
process.exitCode = await runCli(process.argv.slice(2));
