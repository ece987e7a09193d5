// Imports a verified bundle into the offline cache (bundle-format.md,
// "Importing"). One pass over the stick: each carried NAR is read once, checked
// and copied to a `.partial-` file in the same pass (so what lands is what was
// hashed), on both cores. Only when the whole bundle has passed every rule:
// each NAR is renamed into place, then its narinfo is written, then the
// manifest; the caller moves the site's floor last. A refused bundle leaves the
// cache exactly as it was; an interrupted import leaves only whole paths, and
// running it again finishes the work without reading or copying again the NARs
// it had already checked and copied (import-resume.ts).
import { readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { verifyBundle, type CarriedPath, type VerifiedBundle, type VerifyOptions } from '../bundle/verify-bundle';
import { manifestPaths, narFilePath, narinfoPath, PARTIAL_PREFIX, type CacheLayout } from './cache-layout';
import { cacheLookup } from './cached-paths';
import { syncDir, writeFileDurably, writeFilesDurably } from '../files/durable-write';
import { BundleRefusal } from '../bundle/refusal';
import { checkedNarPath, hasCheckedCopy } from './import-resume';
import { mediumProblem } from './medium-errors';
import { withCacheLock } from './cache-lock';
import { checkBundleFitsCache } from './medium-fit';
import { mapLimit } from '../jobs/map-limit';

export interface ImportOptions extends Omit<VerifyOptions, 'cache' | 'copyTo'> {
  readonly layout: CacheLayout;
}

export interface ImportResult {
  readonly verified: VerifiedBundle;
  /** Store paths whose NAR was copied into the cache by this import. */
  readonly added: readonly string[];
  /** Carried paths the cache already held (a re-import, or a resumed one). */
  readonly alreadyHeld: readonly string[];
  /** Of `added`: paths whose NAR an earlier, interrupted run had checked and copied, so it was neither read nor copied now. */
  readonly resumed: readonly string[];
  /** Bytes of NAR files read from the bundle by this run. */
  readonly bytesRead: number;
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

export function importBundle(bundleDir: string, options: ImportOptions): Promise<ImportResult> {
  return withCacheLock(options.layout, `import of ${bundleDir}`, () => importLocked(bundleDir, options));
}

async function importLocked(bundleDir: string, options: ImportOptions): Promise<ImportResult> {
  const { layout } = options;
  const lookup = cacheLookup(layout);
  const held = async (c: CarriedPath): Promise<boolean> => (await lookup.held(c.entry.path.slice('/nix/store/'.length))) !== undefined;
  const copies = new Map<string, string>(); // store path → its checked copy (import-resume.ts)
  const writtenNow = new Set<string>(); // the checked copies this run writes
  const resumed: string[] = [];
  let bytesRead = 0;
  try {
    await removeLeftovers(layout); // safe: the lock means no other import is writing them
    await checkBundleFitsCache(bundleDir, layout);
    const verified = await verifyBundle(bundleDir, {
      ...options,
      cache: lookup,
      onProgress: (p) => {
        bytesRead = p.bytes;
        options.onProgress?.(p);
      },
      // NARs an interrupted run of this import checked and copied are taken as they are.
      alreadyChecked: async (c: CarriedPath) => {
        const file = checkedNarPath(layout, c);
        if ((await held(c)) || !(await hasCheckedCopy(file, c))) return false;
        copies.set(c.entry.path, file);
        resumed.push(c.entry.path);
        return true;
      },
      // Paths the cache already holds are checked on the stick but not copied again.
      copyTo: async (c: CarriedPath) => {
        if (await held(c)) return undefined;
        const file = checkedNarPath(layout, c);
        // Two paths whose narinfos name the same NAR file: one copy serves both.
        const once = !writtenNow.has(file);
        copies.set(c.entry.path, file);
        writtenNow.add(file);
        return once ? file : undefined;
      },
    });
    // Every rule holds: now, and only now, the cache changes. NARs first…
    const moves = new Map<string, string>(); // checked copy → its place (two paths may share one NAR file)
    for (const c of verified.carried) {
      const file = copies.get(c.entry.path);
      if (file && !moves.has(file)) moves.set(file, narFilePath(layout, c.narInfo.url));
    }
    // Each rename puts one whole, flushed NAR in place; several at once, one folder flush after.
    await mapLimit([...moves], 16, ([from, to]) => rename(from, to));
    await syncDir(layout.narDir);
    // …then the narinfo of each NAR put in place, so a path is present only once
    // its NAR is complete. A path the cache already held keeps its own narinfo,
    // which names its own NAR file (perhaps in another compression).
    const narinfos = verified.carried
      .filter((c) => copies.has(c.entry.path))
      .map((c) => ({
        path: narinfoPath(layout, c.entry.path.slice('/nix/store/'.length, '/nix/store/'.length + 32)),
        data: c.narInfoBytes,
      }));
    await writeFilesDurably(narinfos);
    // …then the manifest, last (the caller moves the site's floor after this).
    const { json, sig } = manifestPaths(layout, verified.manifest.site, verified.manifest.sequence);
    const reimport = await sameBytes(json, verified.manifestBytes);
    if (!(await sameBytes(sig, verified.signatureBytes))) await writeFileDurably(sig, verified.signatureBytes);
    if (!reimport) await writeFileDurably(json, verified.manifestBytes);
    const added = verified.carried.filter((c) => copies.has(c.entry.path)).map((c) => c.entry.path);
    const alreadyHeld = verified.carried.filter((c) => !copies.has(c.entry.path)).map((c) => c.entry.path);
    return { verified, added, alreadyHeld, resumed, bytesRead, reimport };
  } catch (err) {
    // A refused bundle leaves the cache as it was. Any other failure (a medium
    // full or pulled out, a crash) keeps the copies already checked, whole and
    // named, so that running the import again goes on from there.
    if (err instanceof BundleRefusal) await Promise.all([...writtenNow].map((p) => rm(p, { force: true }).catch(() => undefined)));
    throw mediumProblem(err, layout.root) ?? err;
  }
}
