// Imports a verified bundle into the offline cache (bundle-format.md,
// "Importing"). One pass over the stick: each carried NAR is read once, checked
// and copied to a `.partial-` file in the same pass (so what lands is what was
// hashed), on both cores. Only when the whole bundle has passed every rule:
// each NAR is renamed into place, then its narinfo is written, then the
// manifest; the caller moves the site's floor last. A refused bundle leaves the
// cache exactly as it was; an interrupted import leaves only whole paths, and
// running it again finishes the work.
import { readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { verifyBundle, type CarriedPath, type VerifiedBundle, type VerifyOptions } from '../bundle/verify-bundle';
import { manifestPaths, narFilePath, narinfoPath, PARTIAL_PREFIX, type CacheLayout } from './cache-layout';
import { cacheLookup } from './cached-paths';
import { partialPathFor, syncDir, writeFileDurably, writeFilesDurably } from '../files/durable-write';
import { mediumProblem } from './medium-errors';
import { withCacheLock } from './cache-lock';
import { checkBundleFitsCache } from './medium-fit';

export interface ImportOptions extends Omit<VerifyOptions, 'cache' | 'copyTo'> {
  readonly layout: CacheLayout;
}

export interface ImportResult {
  readonly verified: VerifiedBundle;
  /** Store paths whose NAR was copied into the cache by this import. */
  readonly added: readonly string[];
  /** Carried paths the cache already held (a re-import, or a resumed one). */
  readonly alreadyHeld: readonly string[];
  /** True when this exact manifest had been accepted before: nothing changed. */
  readonly reimport: boolean;
}

/** Removes `.partial-` files an interrupted import left behind. */
async function removeLeftovers(layout: CacheLayout): Promise<void> {
  for (const dir of [layout.narDir, layout.cacheDir, layout.bundlesDir]) {
    const names = await readdir(dir).catch(() => []);
    await Promise.all(names.filter((n) => n.startsWith(PARTIAL_PREFIX)).map((n) => rm(join(dir, n), { force: true })));
  }
}

async function sameBytes(path: string, bytes: Buffer): Promise<boolean> {
  const existing = await readFile(path).catch(() => undefined);
  return existing !== undefined && existing.equals(bytes);
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined)) !== undefined;
}

export function importBundle(bundleDir: string, options: ImportOptions): Promise<ImportResult> {
  return withCacheLock(options.layout, `import of ${bundleDir}`, () => importLocked(bundleDir, options));
}

async function importLocked(bundleDir: string, options: ImportOptions): Promise<ImportResult> {
  const { layout } = options;
  const lookup = cacheLookup(layout);
  const copies = new Map<string, string>(); // store path → partial file
  try {
    await removeLeftovers(layout); // safe: the lock means no other import is writing them
    await checkBundleFitsCache(bundleDir, layout);
    const verified = await verifyBundle(bundleDir, {
      ...options,
      cache: lookup,
      // Paths the cache already holds are checked on the stick but not copied again.
      copyTo: async (c: CarriedPath) => {
        if (await lookup.held(c.entry.path.slice('/nix/store/'.length))) return undefined;
        const partial = partialPathFor(narFilePath(layout, c.narInfo.url));
        copies.set(c.entry.path, partial);
        return partial;
      },
    });
    // Every rule holds: now, and only now, the cache changes. NARs first…
    for (const c of verified.carried) {
      const partial = copies.get(c.entry.path);
      if (partial) await rename(partial, narFilePath(layout, c.narInfo.url));
    }
    await syncDir(layout.narDir);
    // …then the narinfo of each NAR put in place, so a path is present only once
    // its NAR is complete. A path the cache already held keeps its own narinfo,
    // which names its own NAR file (perhaps in another compression).
    const narinfos = verified.carried
      .filter((c) => copies.has(c.entry.path))
      .map((c) => ({ path: narinfoPath(layout, c.entry.path.slice('/nix/store/'.length, '/nix/store/'.length + 32)), data: c.narInfoBytes }));
    await writeFilesDurably(narinfos);
    // …then the manifest, last (the caller moves the site's floor after this).
    const { json, sig } = manifestPaths(layout, verified.manifest.site, verified.manifest.sequence);
    const reimport = await sameBytes(json, verified.manifestBytes);
    if (!(await sameBytes(sig, verified.signatureBytes))) await writeFileDurably(sig, verified.signatureBytes);
    if (!reimport) await writeFileDurably(json, verified.manifestBytes);
    const added = verified.carried.filter((c) => copies.has(c.entry.path)).map((c) => c.entry.path);
    const alreadyHeld = verified.carried.filter((c) => !copies.has(c.entry.path)).map((c) => c.entry.path);
    return { verified, added, alreadyHeld, reimport };
  } catch (err) {
    await Promise.all([...copies.values()].map((p) => rm(p, { force: true }).catch(() => undefined)));
    throw mediumProblem(err, layout.root) ?? err;
  } finally {
    // A partial copy that was renamed is gone already; any other is removed above.
    for (const p of copies.values()) if (await exists(p)) await rm(p, { force: true }).catch(() => undefined);
  }
}
