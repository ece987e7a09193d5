// Rule 1 for format 2's buildClosure (bundle-format.md, "Format 2"): only in
// format 2, sorted and each once, each path listed in paths; paths may then
// hold what only the build closure reaches, and nothing beyond it.
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { formatManifest, parseManifest, type Manifest } from '../../../../src/main/core/bundle/manifest';
import { BundleRefusal } from '../../../../src/main/core/bundle/refusal';
import { encodeNix32 } from '../../../../src/main/core/nix/nix32';

const hashPart = (): string => encodeNix32(randomBytes(20));
const narHash = (): string => `sha256:${encodeNix32(randomBytes(32))}`;
// Sorted by construction: the hash parts start with 0, 1, 2, 3, 4.
const base = (lead: string, name: string): string => `${lead}${hashPart().slice(1)}-${name}`;
const p = (b: string): string => `/nix/store/${b}`;
const SRC = p(base('0', 'ioc.cmd'));
const DRV = p(base('1', 'nixos-system-plc1-24.05.drv'));
const SYS = p(base('2', 'nixos-system-plc1-24.05'));
const STRAY = p(base('3', 'unrelated'));

function manifest(edit: (m: { -readonly [K in keyof Manifest]: Manifest[K] }) => void = () => {}): Manifest {
  const m = {
    format: 'airlock-bundle/2' as Manifest['format'],
    site: 'accel-ctl',
    sequence: 42,
    created: '2026-11-20T10:00:00Z',
    systems: [{ host: 'plc1', toplevel: SYS, action: 'switch' as const }],
    paths: [
      { path: SRC, narHash: narHash(), narSize: 100, references: [] },
      { path: DRV, narHash: narHash(), narSize: 600, references: [SRC.slice(11)] },
      { path: SYS, narHash: narHash(), narSize: 300, references: [] },
    ],
    buildClosure: [SRC, DRV],
  };
  edit(m);
  return m;
}

function refusedWith(m: Manifest): string {
  try {
    parseManifest(formatManifest(m));
  } catch (err) {
    if (err instanceof BundleRefusal) return err.message;
    throw err;
  }
  throw new Error('the manifest was accepted');
}

describe('buildClosure (format 2)', () => {
  it('round-trips: written after paths, parsed back alike', () => {
    const m = manifest();
    const bytes = formatManifest(m);
    expect(Object.keys(JSON.parse(bytes.toString()) as object).slice(-2)).toEqual(['paths', 'buildClosure']);
    expect(parseManifest(bytes)).toEqual(m);
  });

  it('is refused in a format 1 manifest', () => {
    expect(refusedWith(manifest((m) => (m.format = 'airlock-bundle/1')))).toMatch(/buildClosure is a format 2 field/);
  });

  it('refuses an entry that paths does not list', () => {
    expect(refusedWith(manifest((m) => (m.buildClosure = [SRC, DRV, STRAY])))).toMatch(
      new RegExp(`buildClosure lists ${STRAY}, which paths does not list`),
    );
  });

  it('refuses an unsorted or repeated list', () => {
    expect(refusedWith(manifest((m) => (m.buildClosure = [DRV, SRC])))).toMatch(/buildClosure: .*not sorted in byte order/);
    expect(refusedWith(manifest((m) => (m.buildClosure = [SRC, SRC])))).toMatch(/buildClosure: .* appears twice/);
  });

  it('still refuses a path that neither a toplevel nor the build closure reaches', () => {
    expect(refusedWith(manifest((m) => (m.buildClosure = [SRC])))).toMatch(
      /is in the closure of no system's toplevel nor of the build closure/,
    );
  });
});
