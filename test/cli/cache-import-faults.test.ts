// Faults during an import, on real filesystems standing in for sticks (ext4,
// and FAT32 and exFAT through FUSE): the import killed at 30 random points,
// then run again; the medium full; the medium gone mid-import. After every
// fault the cache holds only whole paths, and a second run finishes the work.
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, truncateSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { airlock } from '../helpers/run-cli';
import { tempDir } from '../helpers/tmp';
import { buildStorePath, nix } from '../helpers/real-nix';
import { nixCopyFromCacheRequiringSigs } from '../helpers/nix-binary-cache';
import { makeNixBundle } from '../helpers/nix-made-bundle';
import { snapshot } from '../helpers/bundle-forge';
import { requireLoopMounting, setupOrFailEach, useLoopMedia, type LoopFs } from '../main/core/media/loop-media';

const KILLS_PER_FS = 10;
const BIN = resolve(import.meta.dirname, '../../bin/airlock.mjs');
const work = tempDir();
const media = useLoopMedia();
const DATA = { AIRLOCK_DATA_DIR: join(work, 'data') };
const run = (args: string[]) => airlock(args, DATA);
const keyFile = join(work, 'build.sec');
let bundle: string;
let toplevel: string;

/** A closure of four paths with a few MiB each that do not compress away, so an import takes a while. */
function buildSystem(): string {
  const blob = (n: number) => buildStorePath(`airlock-fault-blob-${n}`, `/usr/bin/head -c 3000000 /dev/urandom > $out`);
  const blobs = [1, 2, 3].map(blob);
  return buildStorePath('airlock-fault-system', `/bin/echo ${blobs.join(' ')} > $out`, blobs);
}

setupOrFailEach(() => {
  requireLoopMounting(['ext4', 'fat32', 'exfat']);
  toplevel = buildSystem();
  expect(run(['keys', 'generate', '--name', 'build-1', '--secret-key', keyFile, '--public-key', join(work, 'build.pub')]).status).toBe(0);
  expect(run(['site', 'init', '--name', 'accel-ctl', '--trust', join(work, 'build.pub')]).status).toBe(0);
  bundle = makeNixBundle(join(work, 'fault.airlock'), {
    site: 'accel-ctl',
    sequence: 1,
    host: 'plc1',
    toplevel,
    compression: 'zstd',
    keyFile,
  });
});

/** Starts an import and SIGKILLs it after `ms`; resolves with its exit code, or null when killed. */
function importKilledAfter(root: string, ms: number): Promise<number | null> {
  const child = spawn(process.execPath, [BIN, 'cache', 'import', bundle, '--cache', root], {
    env: { ...process.env, ...DATA },
    stdio: 'ignore',
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), ms);
  return new Promise((done) => child.on('exit', (code) => (clearTimeout(timer), done(code))));
}

/** Every narinfo names a whole NAR, nothing half-written is visible as a path, and a manifest means all is there. */
function expectOnlyWholePaths(root: string): void {
  const verify = run(['cache', 'verify', '--json', '--cache', root]);
  expect(verify.status, verify.text + verify.stderr).toBe(0);
  const narinfos = readdirSync(join(root, 'cache')).filter((f) => f.endsWith('.narinfo'));
  const manifests = readdirSync(join(root, 'bundles')).filter((f) => f.endsWith('.json'));
  if (manifests.length > 0) expect(narinfos).toHaveLength(4);
}

function lastAuditRow(): unknown {
  return (JSON.parse(run(['audit', '--json']).text) as unknown[]).at(-1);
}

function timeOneImport(root: string): number {
  expect(run(['cache', 'init', root]).status).toBe(0);
  const start = Date.now();
  const r = spawnSync(process.execPath, [BIN, 'cache', 'import', bundle, '--cache', root], { env: { ...process.env, ...DATA } });
  expect(r.status, r.stderr.toString()).toBe(0);
  return Date.now() - start;
}

describe.each<LoopFs>(['ext4', 'fat32', 'exfat'])('an import killed at random points on %s', (fs) => {
  it(`leaves only whole paths each time, and the next run finishes (${KILLS_PER_FS} kills)`, async () => {
    const medium = media.make(fs, `KILL${fs.toUpperCase()}`.slice(0, 11), { sizeMiB: 96 });
    const full = timeOneImport(join(medium.mountPoint, 'timing'));
    rmSync(join(medium.mountPoint, 'timing'), { recursive: true, force: true });
    const outcomes: (number | null)[] = [];
    for (let i = 0; i < KILLS_PER_FS; i++) {
      const root = join(medium.mountPoint, `airlock-${i}`);
      expect(run(['cache', 'init', root]).status).toBe(0);
      outcomes.push(await importKilledAfter(root, Math.floor(Math.random() * full * 1.1)));
      expectOnlyWholePaths(root);
      const again = run(['cache', 'import', bundle, '--cache', root]);
      expect(again.status, again.stderr).toBe(0);
      expectOnlyWholePaths(root);
      expect(readdirSync(join(root, 'cache', 'nar')).filter((f) => f.startsWith('.partial-'))).toEqual([]);
      if (i === KILLS_PER_FS - 1) {
        // Real Nix agrees the finished cache is whole and signed.
        const closure = nix(['nix-store', '-qR', toplevel]).trim().split('\n');
        const pub = readFileSync(join(work, 'build.pub'), 'utf8').trim();
        nixCopyFromCacheRequiringSigs(join(root, 'cache'), join(work, `nix-root-${fs}`), pub, closure);
      } else {
        rmSync(root, { recursive: true, force: true });
      }
    }
    // Most kills must have interrupted a running import, or the test proved little.
    expect(outcomes.filter((o) => o === null).length).toBeGreaterThanOrEqual(KILLS_PER_FS / 2);
  });
});

describe("a NAR too big for the stick's filesystem", () => {
  it('is refused on FAT32 before anything is read or copied, saying how to fix it', () => {
    const medium = media.make('fat32', 'SMALLFAT', { sizeMiB: 48 });
    const root = join(medium.mountPoint, 'airlock');
    expect(run(['cache', 'init', root]).status).toBe(0);
    const big = join(work, 'too-big.airlock');
    cpSync(bundle, big, { recursive: true });
    const narDir = join(big, 'cache', 'nar');
    // Sparse: 5 GiB on paper, nothing on disk; the check looks at sizes only.
    truncateSync(join(narDir, readdirSync(narDir)[0] as string), 5 * 1024 ** 3);
    const before = snapshot(root);
    const r = run(['cache', 'import', big, '--cache', root]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /^airlock: this stick is FAT32: a file over 4 GiB cannot be stored on it \(the largest NAR is 5(\.0)? GiB\); reformat it as exFAT or ext4/,
    );
    expect(snapshot(root)).toEqual(before);
  });
});

describe('a full medium', () => {
  it('refuses with a clear error, leaves nothing partial, and the cache stays whole', () => {
    const medium = media.make('ext4', 'FULL', { sizeMiB: 8 });
    const root = join(medium.mountPoint, 'airlock');
    expect(run(['cache', 'init', root]).status).toBe(0);
    const r = run(['cache', 'import', bundle, '--cache', root]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^airlock: the medium holding .* is full; nothing in the cache was damaged/);
    // Nothing partial; what was checked and copied before it filled waits, under no narinfo, for the next run (import-resume.ts).
    expect(readdirSync(join(root, 'cache', 'nar')).filter((f) => !f.startsWith('.checked-'))).toEqual([]);
    expectOnlyWholePaths(root);
    expect(lastAuditRow()).toMatchObject({
      action: 'bundle.import',
      outcome: 'failed',
      details: { error: expect.stringMatching(/is full/) as unknown },
    });
  });
});

describe('the medium pulled mid-import', () => {
  it('fails with a clear error, and a clean resume once it is back', async () => {
    const medium = media.make('ext4', 'PULLED', { sizeMiB: 96 });
    const root = join(medium.mountPoint, 'airlock');
    expect(run(['cache', 'init', root]).status).toBe(0);
    const child = spawn(process.execPath, [BIN, 'cache', 'import', bundle, '--cache', root], { env: { ...process.env, ...DATA } });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    // Pull it as soon as the import has started writing.
    for (let i = 0; i < 400 && !readdirSync(join(root, 'cache', 'nar')).some((f) => f.startsWith('.partial-')); i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    spawnSync('umount', ['-l', medium.mountPoint]);
    const code = await new Promise<number | null>((done) => child.on('exit', done));
    expect(code).toBe(1);
    expect(stderr).toMatch(/^airlock: the cache at .* (disappeared|stopped answering)|^airlock: .* holds no Airlock cache/m);
    expect(existsSync(join(root, 'cache'))).toBe(false);
    spawnSync('mount', ['-o', 'loop', medium.image, medium.mountPoint]);
    const failedRow = lastAuditRow();
    expect(failedRow).toMatchObject({ action: 'bundle.import', outcome: 'failed' });
    const again = run(['cache', 'import', bundle, '--cache', root]);
    expect(again.status, again.stderr).toBe(0);
    expectOnlyWholePaths(root);
    expect(lastAuditRow()).toMatchObject({ action: 'bundle.import', outcome: 'ok' });
  });
});
