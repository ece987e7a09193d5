// Sealing bundles from real Nix-built store paths and real Nix-written caches,
// verifying them, and reading their cache/ back with real Nix.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { createBundle } from '../../../../src/main/core/bundle/create-bundle';
import { inspectBundle } from '../../../../src/main/core/bundle/inspect-bundle';
import { NarInfoCacheLookup } from '../../../../src/main/core/bundle/narinfo-cache-lookup';
import { BundleRefusal } from '../../../../src/main/core/bundle/refusal';
import { signBundle } from '../../../../src/main/core/bundle/sign-bundle';
import { verifyBundle, type VerifyOptions } from '../../../../src/main/core/bundle/verify-bundle';
import { formatPublicKey, toPublicKey } from '../../../../src/main/core/nix/signing';
import { parseNarInfo } from '../../../../src/main/core/nix/narinfo';
import { buildLinkedPaths, nixCopyFromCacheRequiringSigs, nixCopyToCache, readNarInfoFiles } from '../../../helpers/nix-binary-cache';
import { nix } from '../../../helpers/real-nix';
import {
  CREATED,
  EXPIRES,
  forgeKeys,
  manifestFile,
  NOW,
  readManifest,
  sealValidBundle,
  SITE,
  sigFile,
  siteOf,
  snapshot,
} from '../../../helpers/bundle-forge';
import { tempDir } from '../../../helpers/tmp';

const work = tempDir('airlock-bundle-create-');
const keys = forgeKeys();
const site = siteOf(keys);
const paths = buildLinkedPaths();
const all = [paths.leaf, paths.mid, paths.top].sort();
const options = (extra: Partial<VerifyOptions> = {}): VerifyOptions => ({ ...site, now: NOW, ...extra });
let n = 0;
const fresh = (label: string): string => join(work, `${label}-${++n}`);

describe('bundle create --from-store', () => {
  it('writes a bundle that verifies and that real Nix copies from, requiring our signatures', async () => {
    const { dir } = await sealValidBundle(work, keys);
    const v = await verifyBundle(dir, options());
    expect(v.carried.map((c) => c.entry.path).sort()).toEqual(all);
    // The manifest lists the closure with the NarHash, NarSize and references Nix records.
    const info = JSON.parse(nix(['nix', 'path-info', '--json', ...all])) as { path: string; narSize: number; references: string[] }[];
    for (const p of readManifest(dir).paths) {
      const fromNix = info.find((i) => i.path === p.path);
      expect(p.narSize).toBe(fromNix?.narSize);
      expect(p.narHash).toBe(nix(['nix-store', '--query', '--hash', p.path]).trim());
      expect(p.references).toEqual((fromNix?.references ?? []).map((r) => r.slice(11)).sort());
    }
    expect(readFileSync(join(dir, 'cache', 'nix-cache-info'), 'utf8')).toBe('StoreDir: /nix/store\n');
    for (const name of readdirSync(join(dir, 'cache', 'nar'))) expect(name).toMatch(/^[0-9a-z]{52}\.nar\.zst$/);
    const key = formatPublicKey(toPublicKey(keys.k1));
    expect(() => nixCopyFromCacheRequiringSigs(join(dir, 'cache'), fresh('root'), key, [paths.top])).not.toThrow();
    const strangerKey = formatPublicKey(toPublicKey(keys.stranger));
    expect(() => nixCopyFromCacheRequiringSigs(join(dir, 'cache'), fresh('root-bad'), strangerKey, [paths.top])).toThrow(/signature/);
  });

  for (const compression of ['xz', 'none'] as const) {
    it(`writes ${compression} NARs that verify and that Nix reads`, async () => {
      const { dir } = await sealValidBundle(work, keys, { compression });
      await verifyBundle(dir, options());
      const infos = [...readNarInfoFiles(join(dir, 'cache')).values()].map((t) => parseNarInfo(t));
      expect(new Set(infos.map((i) => i.compression))).toEqual(new Set([compression]));
      const key = formatPublicKey(toPublicKey(keys.k1));
      expect(() => nixCopyFromCacheRequiringSigs(join(dir, 'cache'), fresh('root'), key, [paths.top])).not.toThrow();
    });
  }

  it('refuses an --out folder that is not empty, and leaves it alone', async () => {
    const out = fresh('busy');
    mkdirSync(out);
    writeFileSync(join(out, 'precious'), 'keep');
    await expect(sealValidBundle(work, keys, { out })).rejects.toThrow(/not empty/);
    expect(readdirSync(out)).toEqual(['precious']);
  });

  it('refuses a manifest that would break a rule, before writing anything', async () => {
    const out = fresh('bad-site');
    await expect(sealValidBundle(work, keys, { out, site: 'Accel_Ctl' })).rejects.toThrow(
      /would be invalid: in airlock-bundle\.json, site is not a site name/,
    );
    await expect(sealValidBundle(work, keys, { out, expires: '2020-01-01T00:00:00Z' })).rejects.toThrow(/would be expired at once/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('bundle create --from-cache', () => {
  for (const compression of ['xz', 'zstd', 'none'] as const) {
    it(`seals from a cache written by nix copy (${compression}), copying NARs as they are`, async () => {
      const cache = nixCopyToCache(fresh(`nix-cache-${compression}`), [paths.top], compression);
      const out = fresh(`from-cache-${compression}`);
      const made = await createBundle({
        out,
        site: SITE,
        sequence: 3,
        keys: [keys.k1],
        systems: [{ host: 'plc1', toplevel: paths.top, action: 'boot' }],
        source: { kind: 'cache', dir: cache },
        now: CREATED,
        expires: EXPIRES,
      });
      expect([...made.carried].sort()).toEqual(all);
      const v = await verifyBundle(out, options());
      expect(v.manifest.systems).toEqual([{ host: 'plc1', toplevel: paths.top, action: 'boot' }]);
      // The NAR files are Nix's own bytes, under the same names.
      const source = [...readNarInfoFiles(cache).values()].map((t) => parseNarInfo(t).url).sort();
      const carried = v.carried.map((c) => c.narInfo.url).sort();
      expect(carried).toEqual(source);
      for (const url of source) expect(readFileSync(join(out, 'cache', url)).equals(readFileSync(join(cache, url)))).toBe(true);
    });
  }

  it('refuses a cache whose NAR file is damaged, and leaves no bundle behind', async () => {
    const cache = nixCopyToCache(fresh('nix-cache-damaged'), [paths.top], 'xz');
    const leafInfo = parseNarInfo(readFileSync(join(cache, `${paths.leaf.slice(11, 43)}.narinfo`), 'utf8'));
    const narPath = join(cache, leafInfo.url);
    const bytes = readFileSync(narPath);
    bytes[100] = (bytes[100] as number) ^ 0xff;
    writeFileSync(narPath, bytes);
    const out = fresh('from-damaged');
    await expect(
      createBundle({
        out,
        site: SITE,
        sequence: 3,
        keys: [keys.k1],
        systems: [{ host: 'plc1', toplevel: paths.top, action: 'switch' }],
        source: { kind: 'cache', dir: cache },
      }),
    ).rejects.toThrow(new RegExp(`NAR file of ${paths.leaf} is unusable`));
    expect(existsSync(out)).toBe(false);
  });
});

describe('delta bundles (--base)', () => {
  it('leave out what the base cache holds; verify with that cache, and refuse (rule 8) without it', async () => {
    // A first bundle with mid's closure (leaf, mid), imported into an offline cache by copying its cache/.
    const first = await sealValidBundle(work, keys, { systems: [{ host: 'plc1', toplevel: paths.mid, action: 'switch' }] });
    const base = fresh('offline');
    cpSync(join(first.dir, 'cache'), join(base, 'cache'), { recursive: true });
    const out = fresh('delta');
    const made = await createBundle({
      out,
      site: SITE,
      sequence: 11,
      keys: [keys.k1],
      systems: [{ host: 'plc1', toplevel: paths.top, action: 'switch' }],
      source: { kind: 'store' },
      base,
      now: CREATED,
    });
    expect(made.carried).toEqual([paths.top]);
    expect([...made.leftOut].sort()).toEqual([paths.leaf, paths.mid].sort());
    expect(readManifest(out).paths.map((p) => p.path)).toEqual(all);
    expect(readNarInfoFiles(join(out, 'cache')).size).toBe(1);

    const v = await verifyBundle(out, options({ cache: new NarInfoCacheLookup(base) }));
    expect(v.carried.map((c) => c.entry.path)).toEqual([paths.top]);
    expect([...v.held].sort()).toEqual([paths.leaf, paths.mid].sort());

    const err = await verifyBundle(out, options()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BundleRefusal);
    expect((err as BundleRefusal).rule).toBe(8);
    // A base that lost a NAR file holds nothing of that path.
    const emptyBase = fresh('offline-empty');
    mkdirSync(join(emptyBase, 'cache'), { recursive: true });
    const err2 = await verifyBundle(out, options({ cache: new NarInfoCacheLookup(emptyBase) })).catch((e: unknown) => e);
    expect((err2 as BundleRefusal).rule).toBe(8);
  });
});

describe('bundle sign', () => {
  it('adds a second signer without touching the manifest; a threshold-2 site then accepts; inspect shows both', async () => {
    const { dir } = await sealValidBundle(work, keys);
    const manifestBefore = readFileSync(manifestFile(dir));
    const twoOfTwo = options({ trust: { ...site.trust, threshold: 2 } });
    expect(((await verifyBundle(dir, twoOfTwo).catch((e: unknown) => e)) as BundleRefusal).rule).toBe(2);

    const signed = await signBundle(dir, keys.k2);
    expect(signed.signers).toEqual(['accel-build-1', 'accel-build-2']);
    expect(readFileSync(manifestFile(dir)).equals(manifestBefore)).toBe(true);
    expect(readFileSync(sigFile(dir), 'utf8').trim().split('\n')).toHaveLength(2);
    const v = await verifyBundle(dir, twoOfTwo);
    expect([...v.signers].sort()).toEqual(['accel-build-1', 'accel-build-2']);

    const before = snapshot(dir);
    await expect(signBundle(dir, keys.k2)).rejects.toThrow(/already has a signature by key 'accel-build-2'/);
    expect(snapshot(dir)).toEqual(before);

    const seen = await inspectBundle(dir, [toPublicKey(keys.k1), toPublicKey(keys.k2)]);
    expect(seen.signers).toEqual([
      { keyName: 'accel-build-1', status: 'valid' },
      { keyName: 'accel-build-2', status: 'valid' },
    ]);
    expect(seen.pathCount).toBe(3);
    expect(seen.carried.count).toBe(3);
    expect(seen.totalNarSize).toBe(readManifest(dir).paths.reduce((s, p) => s + p.narSize, 0));
    expect(seen.problems).toEqual([]);
    const unchecked = await inspectBundle(dir);
    expect(unchecked.signers.map((s) => s.status)).toEqual(['unknown-key', 'unknown-key']);
  });
});
