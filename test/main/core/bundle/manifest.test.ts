// Rule 1: every rule of the manifest table in bundle-format.md, one case each,
// refused as BundleRefusal rule 1 with words that name the field and the problem.
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { formatManifest, parseManifest, type Manifest } from '../../../../src/main/core/bundle/manifest';
import { BundleRefusal } from '../../../../src/main/core/bundle/refusal';
import { encodeNix32 } from '../../../../src/main/core/nix/nix32';

const hashPart = (): string => encodeNix32(randomBytes(20));
const narHash = (): string => `sha256:${encodeNix32(randomBytes(32))}`;
// Sorted by construction: the hash parts start with 0, 1, 2.
const base = (lead: string, name: string): string => `${lead}${hashPart().slice(1)}-${name}`;
const LIB = base('0', 'lib-1.0');
const APP = base('1', 'app-2.0');
const SYS = base('2', 'nixos-system-plc1-24.05');
const p = (b: string): string => `/nix/store/${b}`;

function validManifest(): Manifest {
  return {
    format: 'airlock-bundle/1',
    site: 'accel-ctl',
    sequence: 42,
    created: '2026-11-20T10:00:00Z',
    expires: '2027-02-18T00:00:00Z',
    description: 'Weekly update',
    systems: [{ host: 'plc1', toplevel: p(SYS), action: 'switch' }],
    paths: [
      { path: p(LIB), narHash: narHash(), narSize: 1000, references: [LIB] },
      { path: p(APP), narHash: narHash(), narSize: 2000, references: [LIB] },
      { path: p(SYS), narHash: narHash(), narSize: 3000, references: [LIB, APP].sort() },
    ],
  };
}

const bytesOf = (value: unknown): Buffer => Buffer.from(JSON.stringify(value, null, 2));

function refusal(bytes: Buffer): BundleRefusal {
  try {
    parseManifest(bytes);
  } catch (err) {
    if (err instanceof BundleRefusal) return err;
    throw err;
  }
  throw new Error('the manifest was accepted');
}

/** The manifest with one change, as JSON (so fields can be removed or given the wrong type). */
function edited(
  edit: (m: Record<string, unknown> & { systems: Record<string, unknown>[]; paths: Record<string, unknown>[] }) => void,
): Buffer {
  const m = JSON.parse(JSON.stringify(validManifest())) as Parameters<typeof edit>[0];
  edit(m);
  return bytesOf(m);
}

describe('a valid manifest', () => {
  it('parses, and writes back byte for byte', () => {
    const m = validManifest();
    const bytes = formatManifest(m);
    expect(bytes.toString()).toBe(`${JSON.stringify(m, null, 2)}\n`);
    expect(parseManifest(bytes)).toEqual(m);
    expect(formatManifest(parseManifest(bytes)).equals(bytes)).toBe(true);
  });

  it('defaults a missing action to switch, and takes a description of exactly 4096 characters (counted as characters)', () => {
    const m = parseManifest(
      edited((x) => {
        delete x.systems[0]?.action;
        x.description = '🚀'.repeat(4096);
      }),
    );
    expect(m.systems[0]?.action).toBe('switch');
  });
});

const cases: [string, Buffer, RegExp][] = [
  ['larger than 64 MiB', Buffer.alloc(64 * 1024 * 1024 + 1, 0x20), /more than the 64 MiB/],
  ['not UTF-8', Buffer.concat([Buffer.from('{"format": "'), Buffer.of(0xff), Buffer.from('"}')]), /not valid UTF-8/],
  ['a byte-order mark', Buffer.concat([Buffer.of(0xef, 0xbb, 0xbf), formatManifest(validManifest())]), /not valid JSON: .*\\ufeff/],
  ['not JSON', Buffer.from('{"format": '), /not valid JSON/],
  ['not an object', Buffer.from('[]'), /the manifest must be an object/],
  ['another format', edited((m) => (m.format = 'airlock-bundle/3')), /format must be 'airlock-bundle\/1' or 'airlock-bundle\/2'/],
  ['an unknown top-level field', edited((m) => (m.signature = 'x')), /the manifest has unknown field 'signature'/],
  [
    'an unknown field in a system',
    edited((m) => ((m.systems[0] as Record<string, unknown>).port = 22)),
    /systems\[0\] has unknown field 'port'/,
  ],
  [
    'an unknown field in a path',
    edited((m) => ((m.paths[1] as Record<string, unknown>).deriver = 'x')),
    /paths\[1\] has unknown field 'deriver'/,
  ],
  ['a site with capitals', edited((m) => (m.site = 'Accel-ctl')), /site is not a site name/],
  ['a site starting with -', edited((m) => (m.site = '-accel')), /site is not a site name/],
  ['a site of 64 characters', edited((m) => (m.site = 'a'.repeat(64))), /site is not a site name/],
  ['a missing site', edited((m) => delete m.site), /site is missing/],
  ['sequence 0', edited((m) => (m.sequence = 0)), /sequence must be a whole number from 1 to 2\^53−1/],
  ['sequence 1.5', edited((m) => (m.sequence = 1.5)), /sequence must be a whole number/],
  ['sequence 2^53', edited((m) => (m.sequence = 2 ** 53)), /sequence must be a whole number/],
  ['sequence as text', edited((m) => (m.sequence = '42')), /sequence must be a number|sequence must be a whole number/],
  ['created with an offset', edited((m) => (m.created = '2026-11-20T11:00:00+01:00')), /created is not an RFC 3339 UTC time/],
  ['created on 30 February', edited((m) => (m.created = '2026-02-30T10:00:00Z')), /created is not an RFC 3339 UTC time/],
  ['created as a date only', edited((m) => (m.created = '2026-11-20')), /created is not an RFC 3339 UTC time/],
  ['expires not a time', edited((m) => (m.expires = 'next week')), /expires is not an RFC 3339 UTC time/],
  ['a description of 4097 characters', edited((m) => (m.description = 'x'.repeat(4097))), /description is longer than 4096 characters/],
  ['no systems', edited((m) => (m.systems = [])), /systems must list at least one system/],
  ['a bad host name', edited((m) => ((m.systems[0] as Record<string, unknown>).host = 'plc 1')), /systems\[0\]\.host is not a host name/],
  ['a host twice', edited((m) => m.systems.push({ ...m.systems[0] })), /systems lists host 'plc1' twice/],
  [
    'a toplevel not listed',
    edited((m) => ((m.systems[0] as Record<string, unknown>).toplevel = p(base('3', 'other')))),
    /toplevel of host 'plc1'.*is not listed in paths/,
  ],
  [
    'an action other than switch or boot',
    edited((m) => ((m.systems[0] as Record<string, unknown>).action = 'test')),
    /action must be 'switch' or 'boot'/,
  ],
  ['paths out of order', edited((m) => m.paths.reverse()), /paths: .* comes after .* \(not sorted in byte order\)/],
  ['a path twice', edited((m) => m.paths.splice(1, 0, { ...m.paths[1] })), /paths: .*app-2\.0 appears twice/],
  [
    'a path that is no store path',
    edited((m) => ((m.paths[0] as Record<string, unknown>).path = '/usr/lib/x')),
    /paths\[0\]\.path is not a store path/,
  ],
  [
    'a narHash in base16',
    edited((m) => ((m.paths[0] as Record<string, unknown>).narHash = `sha256:${'ab'.repeat(32)}`)),
    /narHash is not 'sha256:' followed by 52 nix base32/,
  ],
  [
    'a narHash in SRI form',
    edited((m) => ((m.paths[0] as Record<string, unknown>).narHash = `sha256-${randomBytes(32).toString('base64')}`)),
    /narHash is not 'sha256:'/,
  ],
  ['a narSize of 0', edited((m) => ((m.paths[0] as Record<string, unknown>).narSize = 0)), /paths\[0\]\.narSize must be a whole number/],
  [
    'a reference as a full path',
    edited((m) => ((m.paths[1] as Record<string, unknown>).references = [p(LIB)])),
    /paths\[1\]\.references\[0\] is not a store path base name/,
  ],
  [
    'references out of order',
    edited((m) => ((m.paths[2] as Record<string, unknown>).references = [APP, LIB])),
    /the references of .*: .*lib-1\.0 comes after .*app-2\.0 \(not sorted/,
  ],
  [
    'a reference not listed',
    edited((m) => ((m.paths[1] as Record<string, unknown>).references = [LIB, base('3', 'ghost')].sort())),
    /references .*ghost, which paths does not list/,
  ],
  [
    'a path in no closure',
    edited((m) => m.paths.push({ path: p(base('9', 'stray')), narHash: narHash(), narSize: 5, references: [] })),
    /stray is listed in paths but is in the closure of no system's toplevel/,
  ],
];

describe('rule 1 refuses', () => {
  for (const [name, bytes, reason] of cases) {
    it(name, () => {
      const r = refusal(bytes);
      expect(r.rule).toBe(1);
      expect(r.reason).toMatch(reason);
      expect(r.message).toBe(`bundle refused (rule 1): ${r.reason}`);
    });
  }
});
