// Issue 2's speed goals: hashing the NAR of a 1 GiB tree runs at >= 70 % of plain
// sha256 over the same bytes, and hashing a 2 GiB file peaks under 200 MB.
import { existsSync, mkdirSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { FIXTURES, REPO, repeat, runProbe, timeCommand, type Result } from './bench-lib';

interface Probe {
  readonly seconds: number;
  readonly bytes: number;
  readonly maxRssMB: number;
}

/** About 1 GiB: 16 folders of 60 one-MiB files and 100 small files, plus symlinks. */
function makeTree(): string {
  const root = join(FIXTURES, 'tree-1g');
  if (existsSync(join(root, '.complete'))) return root;
  for (let d = 0; d < 16; d++) {
    const dir = join(root, `dir${d}`, 'lib');
    mkdirSync(dir, { recursive: true });
    for (let f = 0; f < 60; f++) writeFileSync(join(dir, `big${f}.so`), randomBytes(1 << 20), { mode: f % 3 ? 0o644 : 0o755 });
    for (let f = 0; f < 100; f++) writeFileSync(join(dir, `small${f}.txt`), randomBytes(4096 + f));
  }
  writeFileSync(join(root, '.complete'), '');
  return root;
}

function makeBigFile(): string {
  const file = join(FIXTURES, 'file-2g.bin');
  if (existsSync(`${file}.complete`)) return file;
  const fd = openSync(file, 'w');
  const block = randomBytes(1 << 24);
  for (let i = 0; i < 128; i++) writeSync(fd, block);
  closeSync(fd);
  writeFileSync(`${file}.complete`, '');
  return file;
}

export function benchNarHash(): Result[] {
  const tree = makeTree();
  const plain = repeat(3, () => runProbe<Probe>('hash-probe.ts', ['plain', tree]).seconds);
  const nar = repeat(3, () => runProbe<Probe>('hash-probe.ts', ['nar-worker', tree]).seconds);
  const narInThread = repeat(3, () => runProbe<Probe>('hash-probe.ts', ['nar', tree]).seconds);
  const nixHash = repeat(3, () => timeCommand('nix-hash', ['--type', 'sha256', '--base32', tree]));
  const cli = repeat(3, () => timeCommand(process.execPath, [join(REPO, 'bin/airlock.mjs'), 'nar', 'hash', tree]));
  const big = runProbe<Probe>('hash-probe.ts', ['nar-worker', makeBigFile()]);
  return [
    { name: "plain sha256 over the 1 GiB tree's bytes (the limit)", value: `${plain.toFixed(2)} s` },
    {
      name: 'NAR hash of the 1 GiB tree, as the app does it (worker thread)',
      value: `${nar.toFixed(2)} s`,
      ratio: { value: plain / nar, goal: '>= 0.70 of the limit', met: plain / nar >= 0.7 },
    },
    { name: 'NAR hash of the 1 GiB tree, on the calling thread', value: `${narInThread.toFixed(2)} s` },
    {
      name: '`airlock nar hash` vs `nix-hash --type sha256` (whole command)',
      value: `${cli.toFixed(2)} s`,
      ratio: { value: nixHash / cli, goal: 'report only; Nix: ' + nixHash.toFixed(2) + ' s', met: true },
    },
    {
      name: 'peak memory hashing a 2 GiB file',
      value: `${big.maxRssMB.toFixed(0)} MB`,
      ratio: { value: big.maxRssMB / 200, goal: '< 1.00 of 200 MB', met: big.maxRssMB < 200 },
    },
  ];
}
