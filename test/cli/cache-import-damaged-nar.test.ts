// A damaged NAR file through the real command: `cache import` and `bundle
// verify` refuse it under rule 7 naming the file, exit 1 (no native abort), and
// leave the offline cache exactly as it was: no lock, no partial copy. The many
// offsets and flips per codec are in nar-file-damage.test.ts; here, one closure
// of several NARs (checked by several workers at once) per codec, damaged in a
// few representative ways.
import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { snapshot } from '../helpers/bundle-forge';
import { makeNixBundle } from '../helpers/nix-made-bundle';
import { buildStorePath } from '../helpers/real-nix';
import { airlock } from '../helpers/run-cli';
import { tempDir } from '../helpers/tmp';

const work = tempDir('airlock-damaged-nar-');
const DATA = { AIRLOCK_DATA_DIR: join(work, 'data') };
const run = (args: string[]) => airlock(args, DATA);
const keyFile = join(work, 'build.sec');
const bundles: Record<string, string> = {};

/** Four paths: three of a few MB of text (real LZMA work for the decoders) and the one that refers to them. */
function buildSystem(): string {
  const blob = (n: number) => buildStorePath(`airlock-damage-blob-${n}`, `/usr/bin/seq ${n} ${n * 300000} > $out`);
  const blobs = [1, 2, 3].map(blob);
  return buildStorePath('airlock-damage-system', `/bin/echo ${blobs.join(' ')} > $out`, blobs);
}

beforeAll(() => {
  expect(run(['keys', 'generate', '--name', 'build-1', '--secret-key', keyFile, '--public-key', join(work, 'build.pub')]).status).toBe(0);
  expect(run(['site', 'init', '--name', 'accel-ctl', '--trust', join(work, 'build.pub')]).status).toBe(0);
  const toplevel = buildSystem();
  for (const compression of ['xz', 'zstd', 'bzip2', 'none']) {
    bundles[compression] = makeNixBundle(join(work, `${compression}.airlock`), {
      site: 'accel-ctl',
      sequence: 1,
      host: 'plc1',
      toplevel,
      compression,
      keyFile,
    });
  }
});

/** The largest NAR file of the bundle, as its path relative to the bundle (what the refusal names). */
function largestNar(bundle: string): string {
  const dir = join(bundle, 'cache', 'nar');
  const [name] = readdirSync(dir).sort((a, b) => statSync(join(dir, b)).size - statSync(join(dir, a)).size);
  return `cache/nar/${name as string}`;
}

/** A copy of the bundle of `compression` whose largest NAR file holds what `damage` makes of it. */
function damaged(compression: string, label: string, damage: (bytes: Buffer) => Buffer): { bundle: string; nar: string } {
  const bundle = join(work, `${compression}-${label}.airlock`);
  cpSync(bundles[compression] as string, bundle, { recursive: true });
  const nar = largestNar(bundle);
  writeFileSync(join(bundle, nar), damage(readFileSync(join(bundle, nar))));
  return { bundle, nar };
}

const cut = (b: Buffer): Buffer => b.subarray(0, Math.floor(b.length * 0.6));
const flip = (b: Buffer): Buffer => {
  const c = Buffer.from(b);
  c[c.length >> 1] = (c[c.length >> 1] as number) ^ 0x10;
  return c;
};

function expectRefused(bundle: string, nar: string): void {
  const root = join(work, `medium-${bundle.split('/').pop() as string}`);
  expect(run(['cache', 'init', root]).status).toBe(0);
  const before = snapshot(root);
  const imported = run(['cache', 'import', bundle, '--cache', root]);
  expect(imported.stderr).not.toMatch(/terminate called|Napi::Error/);
  expect(imported.status, imported.stderr).toBe(1);
  expect(imported.stderr).toMatch(/^airlock: bundle refused \(rule 7\): /);
  expect(imported.stderr).toContain(nar);
  // Nothing changed: no lock left, no .partial- copy, no narinfo, no manifest.
  expect(snapshot(root)).toEqual(before);
  const verified = run(['bundle', 'verify', bundle]);
  expect(verified.status, verified.stderr).toBe(1);
  expect(verified.stderr).toMatch(/^airlock: bundle refused \(rule 7\): /);
  expect(verified.stderr).toContain(nar);
}

describe('a bundle with a damaged NAR file', () => {
  it('xz cut short, with another format (zstd) in the .nar.xz, and with a flipped bit: refused, nothing changed', () => {
    const zstdBytes = readFileSync(join(bundles.zstd as string, largestNar(bundles.zstd as string)));
    for (const [label, damage] of [
      ['cut', cut],
      ['zstd-inside', () => zstdBytes],
      ['flip', flip],
    ] as const) {
      const { bundle, nar } = damaged('xz', label, damage);
      expectRefused(bundle, nar);
    }
  });

  it.each(['zstd', 'bzip2', 'none'])('%s cut short: refused, nothing changed', (compression) => {
    const { bundle, nar } = damaged(compression, 'cut', cut);
    expectRefused(bundle, nar);
  });

  it('whole, the same bundles import (the damage, not the set-up, is what is refused)', () => {
    const root = join(work, 'medium-whole');
    expect(run(['cache', 'init', root]).status).toBe(0);
    const r = run(['cache', 'import', bundles.xz as string, '--cache', root]);
    expect(r.status, r.stderr).toBe(0);
  });
});
