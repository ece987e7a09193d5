// Verification (bundle-format.md rules 1–9): a valid bundle sealed from real
// Nix-built paths is accepted; each copy of it broken in exactly one way is
// refused under the rule it breaks, with a reason that names the problem, and
// the bundle folder is left exactly as it was (verification never writes).
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, readFileSync, renameSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyBundle, type VerifiedBundle, type VerifyOptions } from '../../../../src/main/core/bundle/verify-bundle';
import { BundleRefusal } from '../../../../src/main/core/bundle/refusal';
import { manifestSha256 } from '../../../../src/main/core/bundle/manifest';
import { signDetached, toPublicKey } from '../../../../src/main/core/nix/signing';
import { parseStorePath } from '../../../../src/main/core/nix/store-path';
import { buildStorePath } from '../../../helpers/real-nix';
import { dir as narDir, file as narFile, narOf } from '../../../helpers/nar-builder';
import {
  copyBundle,
  CREATED,
  forgeKeys,
  manifestFile,
  narFileOf,
  narInfoFile,
  NOW,
  readNarInfo,
  replaceNar,
  rewriteManifest,
  rewriteNarInfo,
  sealValidBundle,
  SEQUENCE,
  sigFile,
  siteOf,
  snapshot,
  type ValidBundle,
} from '../../../helpers/bundle-forge';
import { tempDir } from '../../../helpers/tmp';
import { cpSync, mkdirSync } from 'node:fs';
import { buildLinkedPaths } from '../../../helpers/nix-binary-cache';
import { initCache } from '../../../../src/main/core/cache/init-cache';
import { cacheLayout } from '../../../../src/main/core/cache/cache-layout';
import { importBundle } from '../../../../src/main/core/cache/import-bundle';

const work = tempDir('airlock-bundle-refusals-');
const keys = forgeKeys();
const site = siteOf(keys);
let valid: ValidBundle;

/** An offline cache that already holds an earlier bundle: each refused import must leave it byte for byte as it was. */
const baseCache = join(work, 'base-cache');
let refusedImports = 0;

beforeAll(async () => {
  valid = await sealValidBundle(work, keys);
  const { layout } = await initCache(baseCache);
  // The earlier bundle carries only the leaf path, so an accepted import would add mid and top.
  mkdirSync(join(work, 'earlier'));
  const earlier = await sealValidBundle(join(work, 'earlier'), keys, {
    sequence: SEQUENCE - 1,
    systems: [{ host: 'plc0', toplevel: buildLinkedPaths().leaf, action: 'switch' }],
  });
  await importBundle(earlier.dir, { layout, ...site, now: NOW });
});

/** The same broken bundle through a real import: the same rule, and the cache unchanged. */
async function expectImportRefused(dir: string, rule: number, extra: Partial<VerifyOptions>): Promise<void> {
  const root = join(work, `cache-${++refusedImports}`);
  cpSync(baseCache, root, { recursive: true });
  const before = snapshot(root);
  const err: unknown = await importBundle(dir, { layout: cacheLayout(root), ...options(extra) }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, 'the import accepted it').toBeInstanceOf(BundleRefusal);
  expect((err as BundleRefusal).rule).toBe(rule);
  expect(snapshot(root), 'a refused import changed the offline cache').toEqual(before);
}

const options = (extra: Partial<VerifyOptions> = {}): VerifyOptions => ({ ...site, now: NOW, ...extra });

/** A fresh copy of the valid bundle, broken by `breakIt`. */
async function broken(label: string, breakIt: (dir: string) => void | Promise<void>): Promise<string> {
  const dir = copyBundle(valid.dir, work, label);
  await breakIt(dir);
  return dir;
}

async function accepted(dir: string, extra: Partial<VerifyOptions> = {}): Promise<VerifiedBundle> {
  const before = snapshot(dir);
  const result = await verifyBundle(dir, options(extra));
  expect(snapshot(dir)).toEqual(before);
  return result;
}

async function expectRefused(dir: string, rule: number, reason: RegExp, extra: Partial<VerifyOptions> = {}): Promise<BundleRefusal> {
  const before = snapshot(dir);
  const err: unknown = await verifyBundle(dir, options(extra)).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, 'the bundle was accepted').toBeInstanceOf(BundleRefusal);
  const refusal = err as BundleRefusal;
  expect(refusal.rule, refusal.message).toBe(rule);
  expect(refusal.reason).toMatch(reason);
  expect(refusal.message).toBe(`bundle refused (rule ${rule}): ${refusal.reason}`);
  expect(snapshot(dir), 'verification changed the bundle folder').toEqual(before);
  // Rule 8 cases hand verification a cache of their own; the import brings its cache.
  if (extra.cache === undefined) await expectImportRefused(dir, rule, extra);
  return refusal;
}

describe('the valid bundle', () => {
  it('is accepted, with its signer, every path carried and the exact bytes that were checked', async () => {
    const v = await accepted(valid.dir);
    expect(v.signers).toEqual(['accel-build-1']);
    expect(v.unknownSigners).toEqual([]);
    expect(v.carried.map((c) => c.entry.path).sort()).toEqual([valid.paths.leaf, valid.paths.mid, valid.paths.top].sort());
    expect(v.held).toEqual([]);
    expect(v.manifestBytes.equals(readFileSync(manifestFile(valid.dir)))).toBe(true);
    expect(v.manifestSha256).toBe(manifestSha256(v.manifestBytes));
    for (const c of v.carried) expect(c.narInfoBytes.equals(readFileSync(narInfoFile(valid.dir, c.entry.path)))).toBe(true);
  });
});

describe('rule 1: the manifest', () => {
  it('refuses a manifest whose paths miss part of the closure', async () => {
    const dir = await broken('closure', (d) =>
      rewriteManifest(d, (m) => ({ ...m, paths: m.paths.filter((p) => p.path !== valid.paths.leaf) }), [keys.k1]),
    );
    await expectRefused(dir, 1, new RegExp(`references ${parseStorePath(valid.paths.leaf).hashPart}.*closure is incomplete`));
  });

  it('refuses an unknown field even when it is signed', async () => {
    const dir = await broken('unknown-field', (d) => {
      const text = readFileSync(manifestFile(d), 'utf8').replace('"site":', '"priority": 1,\n  "site":');
      writeFileSync(manifestFile(d), text);
      writeFileSync(sigFile(d), `${signDetached(keys.k1, Buffer.from(text))}\n`);
    });
    await expectRefused(dir, 1, /unknown field 'priority'/);
  });
});

describe('rule 2: signatures', () => {
  it('refuses a bundle signed only by a key the site does not know, and names that signer', async () => {
    const dir = await broken('unknown-signer', (d) =>
      writeFileSync(sigFile(d), `${signDetached(keys.stranger, readFileSync(manifestFile(d)))}\n`),
    );
    await expectRefused(dir, 2, /no valid signature by a key that site 'accel-ctl' trusts.*'stranger-1', which the site does not trust/);
  });

  it('accepts a trusted signature beside an unknown one and reports the unknown signer', async () => {
    const dir = await broken('plus-stranger', (d) =>
      writeFileSync(sigFile(d), `${readFileSync(sigFile(d), 'utf8')}\n${signDetached(keys.stranger, readFileSync(manifestFile(d)))}\n`),
    );
    const v = await accepted(dir);
    expect(v.signers).toEqual(['accel-build-1']);
    expect(v.unknownSigners).toEqual(['stranger-1']);
  });

  it('refuses k−1 of k required signatures', async () => {
    await expectRefused(
      valid.dir,
      2,
      /only 1 valid signature by keys that site 'accel-ctl' trusts \('accel-build-1'\), and it requires 2/,
      {
        trust: { ...site.trust, threshold: 2 },
      },
    );
  });

  it("refuses one key's line twice", async () => {
    const dir = await broken('twice', (d) => {
      const line = readFileSync(sigFile(d), 'utf8').trim();
      writeFileSync(sigFile(d), `${line}\n\n${line}\n`);
    });
    await expectRefused(dir, 2, /two signatures by key 'accel-build-1'/, { trust: { ...site.trust, threshold: 1 } });
  });

  it('counts one key once even under two trusted names', async () => {
    const alias = { ...keys.k1, name: 'alias-of-1' };
    const dir = await broken('alias', (d) => {
      const bytes = readFileSync(manifestFile(d));
      writeFileSync(sigFile(d), `${signDetached(keys.k1, bytes)}\n${signDetached(alias, bytes)}\n`);
    });
    const trust = { ...site.trust, bundleKeys: [toPublicKey(keys.k1), toPublicKey(alias)], threshold: 2 };
    await expectRefused(dir, 2, /only 1 valid signature.*requires 2/, { trust });
  });

  it('refuses a manifest edited after signing', async () => {
    const dir = await broken('edited', (d) => {
      const text = readFileSync(manifestFile(d), 'utf8');
      writeFileSync(manifestFile(d), text.replace('"host": "plc1"', '"host": "plc2"'));
    });
    await expectRefused(dir, 2, /signature by 'accel-build-1' does not match the manifest/);
  });
});

describe('rule 3: site and sequence', () => {
  it("refuses another site's bundle", async () => {
    await expectRefused(valid.dir, 3, /this bundle is for site 'accel-ctl', this site is 'ocean-buoys'/, {
      trust: { ...site.trust, site: 'ocean-buoys' },
    });
  });

  it('refuses a sequence below the floor', async () => {
    await expectRefused(valid.dir, 3, /sequence 10, but site 'accel-ctl' has already accepted sequence 11/, {
      floor: { sequence: SEQUENCE + 1, manifestSha256: 'f'.repeat(64), latestCreated: '2026-11-20T11:00:00Z' },
    });
  });

  it('refuses the same sequence with different bytes, and accepts it with identical bytes', async () => {
    const sha = manifestSha256(readFileSync(manifestFile(valid.dir)));
    await expectRefused(valid.dir, 3, /already accepted a different bundle with sequence 10/, {
      floor: { sequence: SEQUENCE, manifestSha256: 'f'.repeat(64), latestCreated: '2026-11-20T10:00:00Z' },
    });
    await accepted(valid.dir, { floor: { sequence: SEQUENCE, manifestSha256: sha, latestCreated: '2026-11-20T10:00:00Z' } });
  });
});

describe('rule 4: expiry', () => {
  it('refuses an expired bundle', async () => {
    await expectRefused(valid.dir, 4, /expired at 2027-02-18T00:00:00Z/, { now: new Date('2027-03-01T00:00:00Z') });
  });

  it('refuses a bundle expired relative to the latest accepted created, naming the bundle that set it', async () => {
    await expectRefused(
      valid.dir,
      4,
      /before the site's latest accepted bundle was created \(2027-03-01T00:00:00Z, bundle accel-ctl-7\): either this computer's clock is set back .* or bundle accel-ctl-7 carried a wrong created time .*Nothing was imported/,
      {
        floor: { sequence: SEQUENCE - 1, manifestSha256: 'f'.repeat(64), latestCreated: '2027-03-01T00:00:00Z', latestCreatedSequence: 7 },
      },
    );
  });

  it('refuses a bundle created more than 24 hours ahead of this computer, saying which clocks to check', async () => {
    const hour = 3600_000;
    await expectRefused(
      valid.dir,
      4,
      /created at 2026-11-20T10:00:00(?:\.000)?Z, 25 hours ahead of this computer's clock \(2026-11-19T09:00:00.000Z\).*build machine's clock or this computer's clock is wrong\. Nothing was imported/,
      { now: new Date(CREATED.getTime() - 25 * hour) },
    );
    await accepted(valid.dir, { now: new Date(CREATED.getTime() - 23 * hour) });
  });
});

describe('rule 5: narinfos', () => {
  it('refuses a narinfo from another bundle (mix and match)', async () => {
    const other = buildStorePath('airlock-bundle-other', '/bin/mkdir $out && /bin/echo other > $out/file');
    const otherBundle = await sealValidBundle(work, keys, { systems: [{ host: 'plc9', toplevel: other, action: 'switch' }] });
    const dir = await broken('mix', (d) => {
      copyFileSync(narInfoFile(otherBundle.dir, other), narInfoFile(d, other));
      copyFileSync(narFileOf(otherBundle.dir, other), join(d, 'cache', readNarInfo(otherBundle.dir, other).url));
    });
    await expectRefused(dir, 5, new RegExp(`describes ${other}, which the manifest does not list`));
  });

  it('refuses a narinfo whose NarHash was edited (even re-signed by a trusted key)', async () => {
    const dir = await broken('narhash', (d) =>
      rewriteNarInfo(d, valid.paths.mid, (i) => ({ ...i, narHash: readNarInfo(d, valid.paths.top).narHash }), [keys.k1]),
    );
    await expectRefused(dir, 5, new RegExp(`narinfo of ${valid.paths.mid} does not match the manifest: its NarHash`));
  });

  it('refuses a narinfo whose References were edited', async () => {
    const dir = await broken('refs', (d) => rewriteNarInfo(d, valid.paths.top, (i) => ({ ...i, references: i.references.slice(1) })));
    await expectRefused(dir, 5, new RegExp(`narinfo of ${valid.paths.top} does not match the manifest: its References`));
  });

  it("refuses a URL with '..'", async () => {
    const dir = await broken('dotdot', (d) => rewriteNarInfo(d, valid.paths.leaf, (i) => ({ ...i, url: `nar/../${i.url}` })));
    await expectRefused(dir, 5, /has URL 'nar\/\.\.\/nar\/.*', which contains '\.\.'/);
  });
});

describe('rule 6: narinfo signatures', () => {
  it('refuses a narinfo with no trusted Sig', async () => {
    const dir = await broken('nosig', (d) => rewriteNarInfo(d, valid.paths.mid, (i) => i, [keys.stranger]));
    await expectRefused(dir, 6, new RegExp(`narinfo of ${valid.paths.mid} has no valid signature.*signed only by 'stranger-1'`));
  });
});

describe('rule 7: NAR files', () => {
  it('refuses a NAR with one byte flipped', async () => {
    const dir = await broken('flip', (d) => {
      const f = narFileOf(d, valid.paths.leaf);
      const bytes = readFileSync(f);
      bytes[bytes.length >> 1] = (bytes[bytes.length >> 1] as number) ^ 0x01;
      writeFileSync(f, bytes);
    });
    await expectRefused(dir, 7, new RegExp(`NAR file of ${valid.paths.leaf} .*failed its check`));
  });

  it('refuses a truncated NAR', async () => {
    const dir = await broken('truncated', (d) => {
      const f = narFileOf(d, valid.paths.leaf);
      truncateSync(f, readFileSync(f).length - 10);
    });
    await expectRefused(dir, 7, new RegExp(`NAR file of ${valid.paths.leaf} .*failed its check`));
  });

  it('refuses a missing NAR', async () => {
    const dir = await broken('missing', (d) => rmSync(narFileOf(d, valid.paths.mid)));
    await expectRefused(dir, 7, new RegExp(`NAR file of ${valid.paths.mid} .*is missing`));
  });

  it('refuses a malformed NAR: valid zstd, hashes re-signed in narinfo and manifest, entries unsorted', async () => {
    const unsorted = narOf(narDir(['b', narFile('1')], ['a', narFile('2')]));
    const dir = await broken('malformed', (d) => replaceNar(d, valid.paths.leaf, unsorted, keys.k1));
    await expectRefused(dir, 7, new RegExp(`NAR file of ${valid.paths.leaf} .*entries are not sorted: 'a' comes after 'b'`));
    // The same forgery with a canonical NAR is accepted: only the order of entries was wrong.
    const fixed = await broken('malformed-fixed', (d) =>
      replaceNar(d, valid.paths.leaf, narOf(narDir(['a', narFile('2')], ['b', narFile('1')])), keys.k1),
    );
    await accepted(fixed);
  });
});

describe('rule 9: nothing outside the bundle is read', () => {
  it('refuses a NAR file that is a symlink to an identical file outside the bundle', async () => {
    const outside = join(work, 'outside-nar');
    const dir = await broken('symlink-nar', (d) => {
      const f = narFileOf(d, valid.paths.leaf);
      copyFileSync(f, outside);
      rmSync(f);
      symlinkSync(outside, f);
    });
    await expectRefused(dir, 9, /symbolic link/);
  });

  it('refuses a manifest that is a symlink', async () => {
    const outside = join(work, 'outside-manifest.json');
    const dir = await broken('symlink-manifest', (d) => {
      renameSync(manifestFile(d), outside);
      symlinkSync(outside, manifestFile(d));
    });
    await expectRefused(dir, 9, /airlock-bundle\.json is a symbolic link/);
  });

  it('refuses a narinfo that is a symlink', async () => {
    const dir = await broken('symlink-narinfo', (d) => {
      const f = narInfoFile(d, valid.paths.top);
      const outside = join(work, 'outside.narinfo');
      renameSync(f, outside);
      symlinkSync(outside, f);
    });
    await expectRefused(dir, 9, /\.narinfo is a symbolic link/);
  });

  it('refuses a cache/ or nar/ folder that is a symlink', async () => {
    const cacheLinked = await broken('symlink-cache', (d) => {
      const outside = join(work, 'outside-cache');
      renameSync(join(d, 'cache'), outside);
      symlinkSync(outside, join(d, 'cache'));
    });
    await expectRefused(cacheLinked, 9, /cache\/ is a symbolic link/);
    const narLinked = await broken('symlink-nar-dir', (d) => {
      const outside = join(work, 'outside-nar-dir');
      renameSync(join(d, 'cache', 'nar'), outside);
      symlinkSync(outside, join(d, 'cache', 'nar'));
    });
    await expectRefused(narLinked, 9, /cache\/nar\/ is a symbolic link/);
  });
});

describe('rule 8: carried or held', () => {
  it('refuses a path neither carried nor held (its narinfo and NAR removed)', async () => {
    // `mid`: the import's own cache (baseCache) holds `leaf` but not `mid`.
    const dir = await broken('not-carried', (d) => {
      rmSync(narFileOf(d, valid.paths.mid));
      rmSync(narInfoFile(d, valid.paths.mid));
    });
    await expectRefused(dir, 8, new RegExp(`${valid.paths.mid} is neither carried by the bundle nor held by the receiving cache`));
  });

  it('refuses a path the cache holds with another NarHash', async () => {
    const dir = await broken('held-other', (d) => {
      rmSync(narFileOf(d, valid.paths.leaf));
      rmSync(narInfoFile(d, valid.paths.leaf));
    });
    const leafInfo = readNarInfo(valid.dir, valid.paths.leaf);
    const cache = {
      held: async (base: string) =>
        base === valid.paths.leaf.slice(11)
          ? { narHash: `sha256:${'0'.repeat(52)}`, narSize: leafInfo.narSize, references: [] }
          : undefined,
    };
    await expectRefused(dir, 8, /holds it with a different NarHash/, { cache });
  });
});

describe('refused imports', () => {
  it('every rule break above was also imported into a real cache, which stayed as it was', () => {
    expect(refusedImports).toBeGreaterThanOrEqual(20);
  });
});
