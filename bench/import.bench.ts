// Issue 3's speed goals, on a bundle of real binaries made by real Nix (about
// 600 MB unpacked, zstd): `airlock cache import` at least 2x faster than
// `nix copy --from file://bundle/cache --to file://another?compression=zstd`,
// no slower than the single-stream limit (`cat` the NARs through `zstd -d`
// into `sha256sum`), and peak memory under 300 MB.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, REPO, repeat, timeCommand, type Result } from './bench-lib';
import { realClosureBundle } from './fixtures/real-closure';

const AIRLOCK = [join(REPO, 'bin/airlock.mjs')];
const NIX_OFFLINE = ['--option', 'substituters', '', '--extra-experimental-features', 'nix-command'];

function airlock(args: readonly string[], dataDir: string): void {
  const r = spawnSync(process.execPath, [...AIRLOCK, ...args, '--data-dir', dataDir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`airlock ${args.join(' ')} failed: ${r.stderr}`);
}

/** Wall time and peak resident memory (MB) of one import into a fresh cache. */
function timedImport(bundleDir: string, dataDir: string): { seconds: number; peakMB: number } {
  const root = join(FIXTURES, 'real-closure', 'import-target');
  rmSync(root, { recursive: true, force: true });
  airlock(['cache', 'init', root], dataDir);
  const start = process.hrtime.bigint();
  const r = spawnSync(
    '/usr/bin/time',
    ['-f', '%M', process.execPath, ...AIRLOCK, 'cache', 'import', bundleDir, '--cache', root, '--data-dir', dataDir],
    {
      encoding: 'utf8',
    },
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`airlock cache import failed: ${r.stderr}`);
  const peakKB = Number(r.stderr.trim().split('\n').pop());
  return { seconds, peakMB: peakKB / 1024 };
}

export function benchImport(): Result[] {
  const bundle = realClosureBundle();
  const dataDir = join(FIXTURES, 'real-closure', 'data');
  if (!existsSync(join(dataDir, 'airlock.db'))) airlock(['site', 'init', '--name', 'bench', '--trust', bundle.publicKey], dataDir);

  const other = join(FIXTURES, 'real-closure', 'nix-copy-target');
  const nixCopy = repeat(3, () => {
    rmSync(other, { recursive: true, force: true });
    return timeCommand('nix', [
      'copy',
      ...NIX_OFFLINE,
      '--option',
      'trusted-public-keys',
      bundle.publicKey,
      '--from',
      `file://${bundle.dir}/cache`,
      '--to',
      `file://${other}?compression=zstd`,
      bundle.toplevel,
    ]);
  });
  const nars = `${bundle.dir}/cache/nar/*.nar.zst`;
  const limit = repeat(3, () => timeCommand('bash', ['-c', `cat ${nars} | zstd -q -d | sha256sum > /dev/null`]));
  const limitOpenssl = repeat(3, () => timeCommand('bash', ['-c', `cat ${nars} | zstd -q -d | openssl dgst -sha256 > /dev/null`]));
  const runs = [1, 2, 3].map(() => timedImport(bundle.dir, dataDir));
  const ours = [...runs].sort((a, b) => a.seconds - b.seconds)[1] as { seconds: number; peakMB: number };
  const peak = Math.max(...runs.map((r) => r.peakMB));
  return [
    { name: 'nix copy --from file:// --to file://?compression=zstd', value: `${nixCopy.toFixed(2)} s` },
    { name: 'the limit: cat | zstd -d | sha256sum', value: `${limit.toFixed(2)} s` },
    { name: 'stricter limit: cat | zstd -d | openssl dgst -sha256', value: `${limitOpenssl.toFixed(2)} s` },
    {
      name: 'airlock cache import (whole command) vs nix copy',
      value: `${ours.seconds.toFixed(2)} s`,
      ratio: { value: nixCopy / ours.seconds, goal: '>= 2.00x faster', met: nixCopy / ours.seconds >= 2 },
    },
    {
      name: 'airlock cache import vs the single-stream limit',
      value: `${ours.seconds.toFixed(2)} s`,
      ratio: { value: limit / ours.seconds, goal: '>= 1.00 (no slower)', met: limit / ours.seconds >= 1 },
    },
    {
      name: 'airlock cache import vs the stricter (openssl) limit',
      value: '',
      ratio: { value: limitOpenssl / ours.seconds, goal: 'report only', met: true },
    },
    {
      name: 'peak memory of the import',
      value: `${peak.toFixed(0)} MB`,
      ratio: { value: peak / 300, goal: '< 1.00 of 300 MB', met: peak < 300 },
    },
  ];
}
