// The web console keeps serving after it refused a bundle with a damaged .nar.xz.
// The console runs in a process of its own (test/helpers/console-process.ts, what
// `airlock serve` runs), so a native abort while checking NARs would show as that
// process dying; with lzma-native it did (exit 134, Napi::Error).
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshot } from '../../helpers/bundle-forge';
import { makeNixBundle } from '../../helpers/nix-made-bundle';
import { buildStorePath } from '../../helpers/real-nix';
import { airlock } from '../../helpers/run-cli';
import { tempDir } from '../../helpers/tmp';

const REPO = resolve(import.meta.dirname, '../../..');
const work = tempDir('airlock-console-damage-');
const dataDir = join(work, 'data');
const run = (args: string[]) => airlock(args, { AIRLOCK_DATA_DIR: dataDir });
const root = join(work, 'stick', 'airlock');
let whole: string;
let damagedNar: string;
/** The same NAR cut short, with a bit flipped, and holding zstd data. */
const damagedBundles: string[] = [];
let child: ChildProcess;
let base: string;
let token: string;
let stderr = '';

beforeAll(async () => {
  const keyFile = join(work, 'build.sec');
  expect(run(['keys', 'generate', '--name', 'build-1', '--secret-key', keyFile, '--public-key', join(work, 'build.pub')]).status).toBe(0);
  expect(run(['site', 'init', '--name', 'accel-ctl', '--trust', join(work, 'build.pub')]).status).toBe(0);
  mkdirSync(join(work, 'stick')); // the stick is there; cache init refuses a missing parent
  expect(run(['cache', 'init', root]).status).toBe(0);
  // Several NARs of real LZMA work, checked by several workers at once (as in test/cli/cache-import-damaged-nar.test.ts).
  const blobs = [1, 2, 3].map((n) => buildStorePath(`airlock-damage-blob-${n}`, `/usr/bin/seq ${n} ${n * 300000} > $out`));
  const toplevel = buildStorePath('airlock-damage-system', `/bin/echo ${blobs.join(' ')} > $out`, blobs);
  whole = makeNixBundle(join(work, 'whole.airlock'), {
    site: 'accel-ctl',
    sequence: 1,
    host: 'plc1',
    toplevel,
    compression: 'xz',
    keyFile,
  });
  const narDir = join(whole, 'cache', 'nar');
  const [largest] = readdirSync(narDir).sort((a, b) => statSync(join(narDir, b)).size - statSync(join(narDir, a)).size);
  damagedNar = `cache/nar/${largest as string}`;
  const bytes = readFileSync(join(whole, damagedNar));
  const flipped = Buffer.from(bytes);
  flipped[bytes.length >> 1] = (flipped[bytes.length >> 1] as number) ^ 0x10;
  const zstd = makeNixBundle(join(work, 'zstd.airlock'), {
    site: 'accel-ctl',
    sequence: 1,
    host: 'plc1',
    toplevel,
    compression: 'zstd',
    keyFile,
  });
  const zstdDir = join(zstd, 'cache', 'nar');
  const [zstdLargest] = readdirSync(zstdDir).sort((a, b) => statSync(join(zstdDir, b)).size - statSync(join(zstdDir, a)).size);
  for (const [label, damage] of [
    ['cut', bytes.subarray(0, Math.floor(bytes.length * 0.6))],
    ['flip', flipped],
    ['zstd', readFileSync(join(zstdDir, zstdLargest as string))],
  ] as const) {
    const dir = join(work, `damaged-${label}.airlock`);
    cpSync(whole, dir, { recursive: true });
    writeFileSync(join(dir, damagedNar), damage);
    damagedBundles.push(dir);
  }

  const rendererDir = join(work, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Airlock</title>');
  child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'test/helpers/console-process.ts'), dataDir, rendererDir], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const url = await new Promise<string>((done, fail) => {
    child.once('exit', (code) => fail(new Error(`the console exited with ${code} before printing its URL: ${stderr}`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', done);
  });
  const parsed = new URL(url);
  base = parsed.origin;
  token = parsed.hash.replace('#token=', '');
});
afterAll(() => {
  child?.kill('SIGTERM');
});

async function call(name: string, input?: unknown): Promise<{ status: number; body: unknown }> {
  const r = await fetch(`${base}/api/call/${name}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(input === undefined ? {} : { input }),
  });
  return { status: r.status, body: await r.json() };
}

interface Job {
  readonly id: string;
  readonly status: string;
  readonly rule: number | null;
  readonly message: string | null;
}

/** Starts a job and waits (60 s at most) for it to end; the console must answer every poll. */
async function runJob(name: string, input: unknown): Promise<Job> {
  const started = await call(name, input);
  expect(started.status, JSON.stringify(started.body)).toBe(200);
  const { id } = (started.body as { output: Job }).output;
  for (let i = 0; i < 600; i++) {
    const list = await call('jobsList');
    const job = (list.body as { output: Job[] }).output.find((j) => j.id === id);
    if (job && job.status !== 'running') return job;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`job ${name} did not end within 60 s`);
}

describe('the web console and a bundle with a damaged .nar.xz', () => {
  it('refuses verify and import (cut, flipped, zstd inside) under rule 7 naming the file, changes nothing on the stick, and keeps serving', async () => {
    expect((await call('cacheUse', { root })).status).toBe(200);
    const before = snapshot(root);
    for (const damaged of damagedBundles) {
      for (const name of ['bundlesVerify', 'cacheImport']) {
        const job = await runJob(name, { folder: damaged });
        expect(job.status, `${name} ${damaged}`).toBe('refused');
        expect(job.rule).toBe(7);
        expect(job.message).toContain(damagedNar);
        expect(snapshot(root)).toEqual(before);
        expect(child.exitCode, stderr).toBeNull();
        expect(stderr).not.toMatch(/terminate called|Napi::Error/);
      }
    }
    // Still serving, the cache not left locked: the whole bundle imports through the same console.
    expect(await call('appVersion')).toEqual({ status: 200, body: { output: '0.0.0-test' } });
    const again = await runJob('cacheImport', { folder: whole });
    expect(again.status, again.message ?? '').toBe('done');
  });
});
