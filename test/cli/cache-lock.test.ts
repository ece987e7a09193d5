// One writer at a time on an offline cache: a running import or gc blocks the
// next, saying who holds the cache; a lock left by a process that is gone is
// taken over.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { airlock } from '../helpers/run-cli';
import { tempDir } from '../helpers/tmp';
import { buildLinkedPaths } from '../helpers/nix-binary-cache';
import { makeNixBundle } from '../helpers/nix-made-bundle';
import { snapshot } from '../helpers/bundle-forge';

const work = tempDir();
const DATA = { AIRLOCK_DATA_DIR: join(work, 'data') };
const run = (args: string[]) => airlock(args, DATA);
const root = join(work, 'airlock');
const lockFile = join(root, '.airlock-lock');
const keyFile = join(work, 'build.sec');
let bundle: string;
let holder: ChildProcess;

function lockBy(pid: number): void {
  writeFileSync(lockFile, JSON.stringify({ pid, host: hostname(), operation: 'import of another stick', since: '2026-11-21T03:00:00Z' }));
}

beforeAll(() => {
  expect(run(['keys', 'generate', '--name', 'build-1', '--secret-key', keyFile, '--public-key', join(work, 'build.pub')]).status).toBe(0);
  expect(run(['site', 'init', '--name', 'accel-ctl', '--trust', join(work, 'build.pub')]).status).toBe(0);
  expect(run(['cache', 'init', root]).status).toBe(0);
  bundle = makeNixBundle(join(work, 'b.airlock'), {
    site: 'accel-ctl',
    sequence: 1,
    host: 'plc1',
    toplevel: buildLinkedPaths().top,
    compression: 'zstd',
    keyFile,
  });
  holder = spawn('sleep', ['60']);
});
afterAll(() => holder.kill());

describe('the cache lock', () => {
  it('refuses an import and a gc while another process holds the cache, naming it, and changes nothing', () => {
    lockBy(holder.pid as number);
    const before = snapshot(root);
    const imp = run(['cache', 'import', bundle]);
    expect(imp.status).toBe(1);
    expect(imp.stderr).toMatch(new RegExp(`^airlock: the cache at .* is busy: import of another stick \\(process ${holder.pid} on `));
    const gc = run(['cache', 'gc', '--keep', '1', '--yes']);
    expect(gc.status).toBe(1);
    expect(gc.stderr).toMatch(/is busy/);
    expect(snapshot(root)).toEqual(before);
  });

  it('takes over a lock whose process is gone, and releases it afterwards', () => {
    const gone = spawnSync('true').pid;
    lockBy(gone);
    const r = run(['cache', 'import', bundle]);
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(lockFile)).toBe(false);
  });
});
