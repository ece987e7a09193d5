// What `airlock cache gc` would delete, worked out without changing anything
// (gcCache in gc-cache.ts carries it out). Kept: the newest `keep` bundles of
// each host (the highest sequences naming it in `systems`), every path their
// manifests list, and the closure of their toplevels and of every path a known
// host still uses, following the narinfos' References so the cache stays
// closed (Nix fetches a path's references with it), and the build closure of
// every kept system (gc-build-closures.ts). Every other narinfo and
// NAR file goes, and so do the manifests of bundles not kept. nix-cache-info,
// and any file gc does not recognise, are never touched.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { STORE_DIR, storePathBaseName } from '../nix/store-path';
import { narinfoPath, PARTIAL_PREFIX, type CacheLayout } from './cache-layout';
import { readCachedPaths, type CachedPath } from './cached-paths';
import { readHeldManifests, type HeldManifest } from './held-manifests';
import { keepBuildClosures } from './gc-build-closures';
import { Refusal } from '../refusal-error';
import { lstatIfExists } from '../files/stat-if-exists';

/** gc will not run: the reason says what to do first. */
export class GcRefusal extends Refusal {
  override readonly name = 'GcRefusal';
}

export interface GcOptions {
  /** How many bundles to keep per host; a whole number ≥ 1. */
  readonly keep: number;
  /** Store paths (`/nix/store/…`) whose closures must be kept whatever the bundles say: what known hosts still use. */
  readonly pathsInUse: ReadonlySet<string>;
}

export interface GcFile {
  readonly file: string;
  readonly bytes: number;
}

export interface GcBundle {
  /** `<site>-<sequence>`. */
  readonly name: string;
  readonly hosts: readonly string[];
  /** The manifest and its signatures. */
  readonly files: readonly GcFile[];
}

export interface GcPath {
  readonly path: string;
  readonly narinfo: GcFile;
}

export interface GcPlan {
  readonly keep: number;
  readonly keptBundles: readonly GcBundle[];
  readonly droppedBundles: readonly GcBundle[];
  /** Store paths the cache holds and keeps. */
  readonly keptPaths: number;
  readonly droppedPaths: readonly GcPath[];
  /** NAR files of dropped paths that no kept narinfo also names (identical NARs share a file). */
  readonly narFiles: readonly GcFile[];
  /** NAR files no narinfo names at all: left by an interrupted import or gc. */
  readonly orphanNars: readonly GcFile[];
  readonly bytes: number;
}

async function fileOf(file: string): Promise<GcFile | undefined> {
  const st = await lstatIfExists(file);
  return st && !st.isDirectory() ? { file, bytes: st.size } : undefined;
}

/**
 * An import's unfinished copies carry the `.partial-` prefix until it puts its
 * paths in place. Deleting while one runs could remove a path it has counted
 * as held, or a NAR whose narinfo it is about to write; so gc waits until no
 * import is running or half done. This cannot see an import that copies
 * nothing (every path already held), nor the moments between its renames and
 * its narinfo writes: gc and an import must still not run at once.
 */
async function requireNoImport(layout: CacheLayout): Promise<void> {
  for (const dir of [layout.narDir, layout.cacheDir, layout.bundlesDir]) {
    const partial = (await readdir(dir).catch(() => [])).find((n) => n.startsWith(PARTIAL_PREFIX));
    if (partial !== undefined) {
      throw new GcRefusal(
        `an import seems to be running or was interrupted (${join(dir, partial)}); finish it (run the import again) first`,
      );
    }
  }
}

/** Names of the bundles kept: for each host of each site, the `keep` highest sequences that name it. */
function keptBundleNames(manifests: readonly HeldManifest[], keep: number): Set<string> {
  const byHost = new Map<string, HeldManifest[]>();
  for (const held of manifests) {
    for (const { host } of held.manifest.systems) {
      const key = `${held.manifest.site}\0${host}`;
      byHost.set(key, [...(byHost.get(key) ?? []), held]);
    }
  }
  const kept = new Set<string>();
  for (const list of byHost.values()) {
    for (const held of [...list].sort((a, b) => b.manifest.sequence - a.manifest.sequence).slice(0, keep)) kept.add(held.name);
  }
  return kept;
}

/** Base names of every held path reachable from `seeds` through References. */
function closureOf(held: ReadonlyMap<string, CachedPath>, seeds: Iterable<string>): Set<string> {
  const kept = new Set<string>();
  const queue = [...seeds];
  for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
    const path = held.get(next);
    if (kept.has(next) || !path) continue;
    kept.add(next);
    for (const ref of path.narinfo.references) queue.push(storePathBaseName(ref));
  }
  return kept;
}

const present = (files: readonly (GcFile | undefined)[]): GcFile[] => files.filter((f): f is GcFile => f !== undefined);
const total = (files: readonly GcFile[]): number => files.reduce((n, f) => n + f.bytes, 0);

/** The narinfos of dropped paths, their NAR files, and the NAR files no narinfo names. */
async function unkeptFiles(layout: CacheLayout, paths: readonly CachedPath[], keptPaths: ReadonlySet<string>) {
  const dropped = paths.filter((p) => !keptPaths.has(p.baseName));
  const keptNars = new Set(paths.filter((p) => keptPaths.has(p.baseName)).map((p) => p.narFile));
  const namedNars = new Set(paths.map((p) => p.narFile));
  const droppedPaths = await Promise.all(
    dropped.map(async (p) => {
      const narinfo = await fileOf(narinfoPath(layout, p.narinfo.storePath.hashPart));
      return narinfo && { path: `${STORE_DIR}/${p.baseName}`, narinfo };
    }),
  );
  const narFiles = await Promise.all([...new Set(dropped.map((p) => p.narFile))].filter((f) => !keptNars.has(f)).map(fileOf));
  const inNarDir = (await readdir(layout.narDir).catch(() => [])).map((n) => join(layout.narDir, n));
  const orphanNars = await Promise.all(
    inNarDir
      .filter((f) => !namedNars.has(f))
      .sort()
      .map(fileOf),
  );
  return {
    droppedPaths: droppedPaths.filter((p): p is GcPath => p !== undefined).sort((a, b) => (a.path < b.path ? -1 : 1)),
    narFiles: present(narFiles),
    orphanNars: present(orphanNars),
  };
}

async function bundlesOf(manifests: readonly HeldManifest[]): Promise<GcBundle[]> {
  const sorted = [...manifests].sort((a, b) => a.manifest.sequence - b.manifest.sequence);
  return Promise.all(
    sorted.map(async (m) => ({
      name: m.name,
      hosts: m.manifest.systems.map((s) => s.host),
      files: present(await Promise.all([m.jsonFile, m.sigFile].map(fileOf))),
    })),
  );
}

export async function planCacheGc(layout: CacheLayout, options: GcOptions): Promise<GcPlan> {
  const { keep } = options;
  if (!Number.isSafeInteger(keep) || keep < 1) throw new RangeError(`keep must be a whole number ≥ 1, not ${keep}`);
  const notStorePath = [...options.pathsInUse].find((p) => !p.startsWith(`${STORE_DIR}/`));
  if (notStorePath !== undefined) throw new RangeError(`paths in use must be store paths, not '${notStorePath}'`);
  await requireNoImport(layout);
  const [{ paths, unreadable }, held] = await Promise.all([readCachedPaths(layout), readHeldManifests(layout)]);
  // What an unreadable file needs, or names, cannot be known; guessing could delete what a kept bundle needs.
  const bad = [...unreadable.map((u) => `cache/${u.file}: ${u.problem}`), ...held.unreadable.map((u) => `bundles/${u.file}: ${u.problem}`)];
  if (bad.length > 0) {
    throw new GcRefusal(
      `gc cannot tell what the cache needs while it holds unreadable files (${bad.join('; ')}); import the bundles that carry them again, or move them away, then run gc`,
    );
  }

  const keptNames = keptBundleNames(held.manifests, keep);
  const kept = held.manifests.filter((m) => keptNames.has(m.name));
  const seeds = [
    ...kept.flatMap((m) => [...m.manifest.paths.map((p) => p.path), ...m.manifest.systems.map((s) => s.toplevel)]),
    ...options.pathsInUse,
  ].map((p) => p.slice(`${STORE_DIR}/`.length));
  const byBaseName = new Map(paths.map((p) => [p.baseName, p]));
  const keptPaths = keepBuildClosures(byBaseName, held.manifests, closureOf(byBaseName, seeds), closureOf);
  const files = await unkeptFiles(layout, paths, keptPaths);
  const droppedBundles = await bundlesOf(held.manifests.filter((m) => !keptNames.has(m.name)));
  return {
    keep,
    keptBundles: await bundlesOf(kept),
    droppedBundles,
    keptPaths: keptPaths.size,
    ...files,
    bytes:
      total(files.droppedPaths.map((p) => p.narinfo)) +
      total(files.narFiles) +
      total(files.orphanNars) +
      total(droppedBundles.flatMap((b) => b.files)),
  };
}
