// Issue 3's speed goals, on a bundle of real binaries made by real Nix (about
// 600 MB unpacked, zstd), and issue 15's, on two closures shaped like real
// systems (bench/fixtures/dealt-closures.ts: nixos-1500, 1,501 paths with a
// tail of a few large NARs; python-tiny, 2,001 tiny paths): `airlock cache
// import` at least 2x faster than `nix copy --from file://bundle/cache --to
// file://another?compression=zstd`, no slower than the single-stream limit
// (`cat` the NARs through `zstd -d` into `sha256sum`; the ratio to `openssl
// dgst -sha256`, the faster hash, is printed too), and peak memory (RSS of the
// airlock process, its worker threads included) under 300 MB.
// Only the realistic closures: `npm run bench -- --only import-realistic`.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, REPO, repeat, timeCommand, type Result } from './bench-lib';
import { realClosureBundle, type BenchBundle } from './fixtures/real-closure';
import { dealtClosureBundle, NIXOS_1500, PYTHON_TINY } from './fixtures/dealt-closures';

const AIRLOCK = [join(REPO, 'bin/airlock.mjs')];
const NIX_OFFLINE = ['--option', 'substituters', '', '--extra-experimental-features', 'nix-command'];
const RUNS = 3;

function airlock(args: readonly string[], dataDir: string): void {
  const r = spawnSync(process.execPath, [...AIRLOCK, ...args, '--data-dir', dataDir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`airlock ${args.join(' ')} failed: ${r.stderr}`);
}

/** Wall time and peak resident memory (MB) of one import into a fresh cache. */
function timedImport(bundleDir: string, work: string, dataDir: string): { seconds: number; peakMB: number } {
  const root = join(work, 'import-target');
  rmSync(root, { recursive: true, force: true });
  airlock(['cache', 'init', root], dataDir);
  const start = process.hrtime.bigint();
  const r = spawnSync(
    '/usr/bin/time',
    ['-f', '%M', process.execPath, ...AIRLOCK, 'cache', 'import', bundleDir, '--cache', root, '--data-dir', dataDir],
    { encoding: 'utf8' },
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`airlock cache import failed: ${r.stderr}`);
  const peakKB = Number(r.stderr.trim().split('\n').pop());
  return { seconds, peakMB: peakKB / 1024 };
}

/** The import goals on one bundle; `label` prefixes each line (empty for the original corpus). */
function benchImportOf(bundle: BenchBundle, work: string, label: string): Result[] {
  const dataDir = join(work, 'data');
  if (!existsSync(join(dataDir, 'airlock.db'))) airlock(['site', 'init', '--name', 'bench', '--trust', bundle.publicKey], dataDir);

  const other = join(work, 'nix-copy-target');
  const nixCopy = repeat(RUNS, () => {
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
  rmSync(other, { recursive: true, force: true });
  const nars = `${bundle.dir}/cache/nar/*.nar.zst`;
  const limit = repeat(RUNS, () => timeCommand('bash', ['-c', `cat ${nars} | zstd -q -d | sha256sum > /dev/null`]));
  const limitOpenssl = repeat(RUNS, () => timeCommand('bash', ['-c', `cat ${nars} | zstd -q -d | openssl dgst -sha256 > /dev/null`]));
  const runs = Array.from({ length: RUNS }, () => timedImport(bundle.dir, work, dataDir));
  rmSync(join(work, 'import-target'), { recursive: true, force: true });
  const ours = [...runs].sort((a, b) => a.seconds - b.seconds)[Math.floor(RUNS / 2)] as { seconds: number; peakMB: number };
  const peak = Math.max(...runs.map((r) => r.peakMB));
  const l = (name: string): string => (label ? `${label}: ${name}` : name);
  return [
    { name: l('nix copy --from file:// --to file://?compression=zstd'), value: `${nixCopy.toFixed(2)} s` },
    { name: l('the limit: cat | zstd -d | sha256sum'), value: `${limit.toFixed(2)} s` },
    { name: l('stricter limit: cat | zstd -d | openssl dgst -sha256'), value: `${limitOpenssl.toFixed(2)} s` },
    {
      name: l('airlock cache import (whole command) vs nix copy'),
      value: `${ours.seconds.toFixed(2)} s`,
      ratio: { value: nixCopy / ours.seconds, goal: '>= 2.00x faster', met: nixCopy / ours.seconds >= 2 },
    },
    {
      name: l('airlock cache import vs the single-stream limit'),
      value: `${ours.seconds.toFixed(2)} s`,
      ratio: { value: limit / ours.seconds, goal: '>= 1.00 (no slower)', met: limit / ours.seconds >= 1 },
    },
    {
      name: l('airlock cache import vs the stricter (openssl) limit'),
      value: '',
      ratio: { value: limitOpenssl / ours.seconds, goal: 'report only', met: true },
    },
    {
      name: l('peak memory of the import (RSS)'),
      value: `${peak.toFixed(0)} MB`,
      ratio: { value: peak / 300, goal: '< 1.00 of 300 MB', met: peak < 300 },
    },
  ];
}

export function benchImport(): Result[] {
  return benchImportOf(realClosureBundle(), join(FIXTURES, 'real-closure'), '');
}

/** Issue 15: the same goals on the two closures shaped like real systems. */
export function benchImportRealistic(): Result[] {
  return [NIXOS_1500, PYTHON_TINY].flatMap((closure) =>
    benchImportOf(dealtClosureBundle(closure), join(FIXTURES, closure.name), closure.name),
  );
}
