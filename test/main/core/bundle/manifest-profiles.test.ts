// Format 2's profiles (bundle-format.md, "Format 2"): a profile entry is read
// and written back exactly, and every rule of the entry is refused as rule 1 in
// words that name the field. `--profile HOST:PROFILE=STOREPATH[:ACTIVATE]` of
// `bundle create` parses to the same entry or says what is wrong.
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { formatManifest, parseManifest, type Manifest } from '../../../../src/main/core/bundle/manifest';
import { parseProfileSpec } from '../../../../src/main/core/bundle/profile-spec';
import { BundleRefusal } from '../../../../src/main/core/bundle/refusal';
import { encodeNix32 } from '../../../../src/main/core/nix/nix32';

const hashPart = (): string => encodeNix32(randomBytes(20));
const narHash = (): string => `sha256:${encodeNix32(randomBytes(32))}`;
const base = (lead: string, name: string): string => `${lead}${hashPart().slice(1)}-${name}`;
const LIB = base('0', 'lib-1.0');
const IOC = base('1', 'ioc-2.0');
const SYS = base('2', 'nixos-system-plc1-24.05');
const p = (b: string): string => `/nix/store/${b}`;
const PROFILE = '/nix/var/nix/profiles/per-user/epics/ioc';

function validManifest(): Manifest {
  return {
    format: 'airlock-bundle/2',
    site: 'accel-ctl',
    sequence: 43,
    created: '2026-11-20T10:00:00Z',
    systems: [],
    profiles: [{ host: 'ioc1', profile: PROFILE, target: p(IOC), activate: 'bin/activate' }],
    paths: [
      { path: p(LIB), narHash: narHash(), narSize: 1000, references: [LIB] },
      { path: p(IOC), narHash: narHash(), narSize: 2000, references: [LIB] },
    ],
  };
}

type Editable = Record<string, unknown> & {
  systems: Record<string, unknown>[];
  profiles: Record<string, unknown>[];
  paths: Record<string, unknown>[];
};
function edited(edit: (m: Editable) => void): Buffer {
  const m = JSON.parse(JSON.stringify(validManifest())) as Editable;
  edit(m);
  return Buffer.from(JSON.stringify(m, null, 2));
}
const profile0 = (m: Editable): Record<string, unknown> => m.profiles[0] as Record<string, unknown>;

function refusal(bytes: Buffer): BundleRefusal {
  try {
    parseManifest(bytes);
  } catch (err) {
    if (err instanceof BundleRefusal) return err;
    throw err;
  }
  throw new Error('the manifest was accepted');
}

describe('a format-2 manifest with profiles', () => {
  it('parses with no systems, and writes back byte for byte', () => {
    const m = validManifest();
    const bytes = formatManifest(m);
    expect(bytes.toString()).toBe(`${JSON.stringify(m, null, 2)}\n`);
    expect(parseManifest(bytes)).toEqual(m);
  });

  it('takes systems and profiles together, a profile without activate, and several profiles of one host', () => {
    const m = parseManifest(
      edited((x) => {
        x.systems = [{ host: 'plc1', toplevel: p(SYS), action: 'boot' }];
        x.paths.push({ path: p(SYS), narHash: narHash(), narSize: 3000, references: [LIB] });
        delete profile0(x).activate;
        x.profiles.push({ host: 'ioc1', profile: '/nix/var/nix/profiles/epnix/ioc', target: p(LIB) });
      }),
    );
    expect(m.systems).toHaveLength(1);
    expect(m.profiles?.map((x) => x.activate)).toEqual([undefined, undefined]);
    expect(formatManifest(m).toString()).not.toContain('activate');
  });

  it('carries a build closure beside the profiles, written after paths, and a path only the build closure reaches', () => {
    const DRV = base('3', 'ioc-2.0.drv');
    const paths = [...validManifest().paths, { path: p(DRV), narHash: narHash(), narSize: 500, references: [] }];
    const m: Manifest = { ...validManifest(), paths: paths.sort((a, b) => (a.path < b.path ? -1 : 1)), buildClosure: [p(DRV)] };
    const bytes = formatManifest(m);
    const text = bytes.toString();
    expect(text.indexOf('"profiles"')).toBeLessThan(text.indexOf('"paths"'));
    expect(text.indexOf('"paths"')).toBeLessThan(text.indexOf('"buildClosure"'));
    expect(parseManifest(bytes)).toEqual(m);
    // Without the build closure, the .drv is a stray path: reached by no system nor profile target.
    const stray = refusal(formatManifest({ ...m, buildClosure: undefined } as Manifest));
    expect(stray.reason).toMatch(/in the closure of no system's toplevel nor of any profile target/);
  });
});

const cases: [string, Buffer, RegExp][] = [
  [
    'profiles in a format-1 manifest',
    edited((m) => {
      m.format = 'airlock-bundle/1';
      m.systems = [{ host: 'plc1', toplevel: p(IOC), action: 'switch' }];
    }),
    /the manifest has unknown field 'profiles': format 1/,
  ],
  ['neither systems nor profiles', edited((m) => (m.profiles = [])), /systems and profiles are both empty/],
  ['an unknown field in a profile', edited((m) => (profile0(m).user = 'epics')), /profiles\[0\] has unknown field 'user': format 2/],
  ['a bad host name', edited((m) => (profile0(m).host = 'ioc 1')), /profiles\[0\]\.host is not a host name/],
  [
    'a relative profile',
    edited((m) => (profile0(m).profile = 'per-user/epics/ioc')),
    /profiles\[0\]\.profile is not an absolute path under \/nix\/var\/nix\/profiles\//,
  ],
  [
    'a profile outside the profiles folder',
    edited((m) => (profile0(m).profile = '/home/epics/.nix-profile')),
    /profile is not an absolute path under/,
  ],
  ['the profiles folder itself', edited((m) => (profile0(m).profile = '/nix/var/nix/profiles/')), /profile has an empty or '\.' component/],
  [
    'a profile with ..',
    edited((m) => (profile0(m).profile = '/nix/var/nix/profiles/per-user/../../../../etc/x')),
    /profile has a '\.\.' component/,
  ],
  ['a profile ending in ..', edited((m) => (profile0(m).profile = '/nix/var/nix/profiles/a/..')), /profile has a '\.\.' component/],
  ['the system profile', edited((m) => (profile0(m).profile = '/nix/var/nix/profiles/system')), /is the NixOS system profile/],
  [
    'the system profile by another name',
    edited((m) => (profile0(m).profile = '/nix/var/nix/profiles/./system')),
    /empty or '\.' component/,
  ],
  ['a generation link', edited((m) => (profile0(m).profile = `${PROFILE}-3-link`)), /names a generation link/],
  ['a profile with a newline', edited((m) => (profile0(m).profile = `${PROFILE}\nx`)), /profile holds a control character/],
  ['a target that is no store path', edited((m) => (profile0(m).target = '/opt/ioc')), /profiles\[0\]\.target is not a store path/],
  [
    'a target not listed',
    edited((m) => (profile0(m).target = p(base('3', 'ghost')))),
    /the target of profile .*ioc of host 'ioc1', .*ghost, is not listed in paths/,
  ],
  ['an absolute activate', edited((m) => (profile0(m).activate = '/bin/sh')), /profiles\[0\]\.activate is an absolute path/],
  ['an activate with ..', edited((m) => (profile0(m).activate = 'bin/../../x')), /activate has a '\.\.' component/],
  ['an activate of ..', edited((m) => (profile0(m).activate = '..')), /activate has a '\.\.' component/],
  ['an empty activate', edited((m) => (profile0(m).activate = '')), /activate is empty/],
  [
    'a (host, profile) pair twice',
    edited((m) => m.profiles.push({ ...profile0(m), target: p(LIB) })),
    /profiles lists profile .*ioc of host 'ioc1' twice/,
  ],
  [
    'a path in the closure of no target',
    edited((m) => m.paths.push({ path: p(base('9', 'stray')), narHash: narHash(), narSize: 5, references: [] })),
    /stray is listed in paths but is in the closure of no system's toplevel nor of any profile target/,
  ],
];

describe('rule 1 refuses', () => {
  for (const [name, bytes, reason] of cases) {
    it(name, () => {
      const r = refusal(bytes);
      expect(r.rule).toBe(1);
      expect(r.reason).toMatch(reason);
    });
  }
});

describe('--profile HOST:PROFILE=STOREPATH[:ACTIVATE]', () => {
  it('reads host, profile, store path and activate', () => {
    expect(parseProfileSpec(`ioc1:${PROFILE}=${p(IOC)}:bin/activate`)).toEqual({
      host: 'ioc1',
      profile: PROFILE,
      target: p(IOC),
      activate: 'bin/activate',
    });
    expect(parseProfileSpec(`ioc1:${PROFILE}=${p(IOC)}`)).toEqual({ host: 'ioc1', profile: PROFILE, target: p(IOC) });
  });

  it("keeps '=' in a profile name and ':' in ACTIVATE", () => {
    expect(parseProfileSpec(`ioc1:/nix/var/nix/profiles/a=b=${p(IOC)}:bin/x:y`)).toEqual({
      host: 'ioc1',
      profile: '/nix/var/nix/profiles/a=b',
      target: p(IOC),
      activate: 'bin/x:y',
    });
  });

  const bad: [string, RegExp][] = [
    [`${PROFILE}=${p(IOC)}`, /expected HOST:PROFILE=STOREPATH/],
    [`ioc1:${PROFILE}`, /expected HOST:PROFILE=STOREPATH/],
    [`ioc 1:${PROFILE}=${p(IOC)}`, /'ioc 1' is not a host name/],
    [`ioc1:/nix/var/nix/profiles/system=${p(IOC)}`, /is the NixOS system profile/],
    [`ioc1:/nix/var/nix/profiles/../x=${p(IOC)}`, /has a '\.\.' component/],
    [`ioc1:${PROFILE}=/nix/store/short`, /is not a store path/],
    [`ioc1:${PROFILE}=${p(IOC)}:/bin/sh`, /ACTIVATE '\/bin\/sh' is an absolute path/],
    [`ioc1:${PROFILE}=${p(IOC)}:../x`, /ACTIVATE '\.\.\/x' has a '\.\.' component/],
  ];
  for (const [text, why] of bad) {
    it(`refuses ${text.replace(/\/nix\/store\/\w{32}-/, '/nix/store/…-')}`, () => {
      expect(() => parseProfileSpec(text)).toThrow(why);
    });
  }
});
