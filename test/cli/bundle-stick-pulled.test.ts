// The stick holding the bundle pulled out mid-import. On a FUSE stick (exFAT
// here) that is its driver going away: every read then fails (ENOTCONN; a
// kernel filesystem gives EIO). The operator must read that the stick could not
// be read, that nothing was imported, and to reinsert it and retry, not a
// "bundle refused (rule 7)" that blames the bundle.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { airlock } from '../helpers/run-cli';
import { tempDir } from '../helpers/tmp';
import { nix } from '../helpers/real-nix';
import { makeNixBundle } from '../helpers/nix-made-bundle';
import { requireLoopMounting, setupOrFailEach, useLoopMedia } from '../main/core/media/loop-media';

const BIN = resolve(import.meta.dirname, '../../bin/airlock.mjs');
const work = tempDir();
const media = useLoopMedia();
const DATA = { AIRLOCK_DATA_DIR: join(work, 'data') };
const run = (args: string[]) => airlock(args, DATA);
let bundle: string;

setupOrFailEach(() => {
  requireLoopMounting(['exfat']);
  const blob = (n: number, kib: number): string => {
    const file = join(work, `airlock-pulled-blob-${n}`);
    writeFileSync(file, randomBytes(kib * 1024));
    return nix(['nix-store', '--add', file]).trim();
  };
  const blobs = [blob(1, 32 * 1024), blob(2, 32 * 1024)];
  const refs = blobs.map((b) => `\${builtins.storePath ${b}}`).join(' ');
  const toplevel = (
    JSON.parse(nix(['nix-instantiate', '--eval', '--read-write-mode', '-E', `builtins.toFile "airlock-pulled-system" "${refs}"`])) as string
  ).trim();
  const keyFile = join(work, 'build.sec');
  expect(run(['keys', 'generate', '--name', 'build-1', '--secret-key', keyFile, '--public-key', join(work, 'build.pub')]).status).toBe(0);
  expect(run(['site', 'init', '--name', 'accel-ctl', '--trust', join(work, 'build.pub')]).status).toBe(0);
  bundle = makeNixBundle(join(work, 'pulled.airlock'), {
    site: 'accel-ctl',
    sequence: 1,
    host: 'plc1',
    toplevel,
    compression: 'none',
    keyFile,
  });
});

/** The pid of the FUSE driver serving `mountPoint` (started by this test's loop media). */
function fuseDriverOf(mountPoint: string): number {
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    if (args.some((a) => a.endsWith('mount.exfat-fuse') || a.endsWith('exfat-fuse')) && args.includes(mountPoint)) return Number(pid);
  }
  throw new Error(`no FUSE driver found for ${mountPoint}`);
}

describe('the bundle stick pulled mid-import', () => {
  it('says the stick could not be read, that nothing was imported, and to reinsert it and retry', async () => {
    const stick = media.make('exfat', 'PULLME', { sizeMiB: 160 });
    const onStick = join(stick.mountPoint, 'accel-ctl-1.airlock');
    cpSync(bundle, onStick, { recursive: true });
    const root = join(work, 'cache');
    expect(run(['cache', 'init', root]).status).toBe(0);
    const child = spawn(process.execPath, [BIN, 'cache', 'import', onStick, '--cache', root], { env: { ...process.env, ...DATA } });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    // Pulled once the import is reading NARs off it (a copy has started on the cache).
    for (let i = 0; i < 1000 && !readdirSync(join(root, 'cache', 'nar')).some((f) => f.startsWith('.partial-')); i++) {
      await new Promise((r) => setTimeout(r, 5));
    }
    process.kill(fuseDriverOf(stick.mountPoint), 'SIGKILL');
    const code = await new Promise<number | null>((done) => child.on('exit', done));
    expect(code).toBe(1);
    expect(stderr).not.toMatch(/rule 7/);
    expect(stderr).toMatch(
      /^airlock: the stick holding the bundle could not be read \((ENOTCONN|EIO|ENXIO|ENODEV) while reading .*\): was it pulled out, or is it failing\?/m,
    );
    expect(stderr).toMatch(
      /Nothing was imported; the offline cache and the site are as they were\. Reinsert the stick and run the import again/,
    );
    expect(readdirSync(join(root, 'cache')).filter((f) => f.endsWith('.narinfo'))).toEqual([]);
    const last = (JSON.parse(run(['audit', '--json']).text) as { action: string; outcome: string }[]).at(-1);
    expect(last).toMatchObject({ action: 'bundle.import', outcome: 'failed' });
  });
});
