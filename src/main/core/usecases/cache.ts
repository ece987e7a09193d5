// The offline cache on removable media: make one, import a bundle into it
// (every signature and hash, or refused whole), re-hash it, list what it
// holds, and GC it with a preview. GC is DESTRUCTIVE: it deletes bundles and
// NARs no kept bundle and no known host needs (gc-plan.ts says what protects the rest).
import { basename, resolve } from 'node:path';
import type { VerifyProgress } from '../bundle/verify-bundle';
import { readCachedPaths } from '../cache/cached-paths';
import type { CacheLayout } from '../cache/cache-layout';
import { planCacheGc, type GcPlan } from '../cache/gc-plan';
import { readHeldManifests } from '../cache/held-manifests';
import { initCache } from '../cache/init-cache';
import { verifyCache, type CacheVerifyReport } from '../cache/verify-cache';
import { mediaRootsFromEnv } from '../media/find-media';
import { mediumOf } from '../media/medium-of';
import { gcSiteCache } from '../site-gc';
import { importIntoSite, type SiteImportResult } from '../site-import';
import { copyAuditAfter } from '../operations/audit-copy';
import type { UseCaseContext } from './context';

export type { GcBundle, GcPlan } from '../cache/gc-plan';
export type { CacheVerifyReport } from '../cache/verify-cache';
export type { SiteImportResult } from '../site-import';
export type { Progress as FileProgress } from '../jobs/progress';
export type { VerifyProgress } from '../bundle/verify-bundle';

export interface Progress {
  readonly onProgress?: (p: VerifyProgress) => void;
  readonly signal?: AbortSignal;
}

/** Makes `root` an offline cache (or finds one there) and this site's cache from now on. */
export async function initOfflineCache(
  uc: UseCaseContext,
  root: string,
): Promise<{ layout: CacheLayout; created: boolean; onRemovableMedium: boolean }> {
  const made = await initCache(root);
  uc.useCache(root);
  const medium = await mediumOf(resolve(root), { roots: mediaRootsFromEnv(uc.env) });
  return { ...made, onRemovableMedium: medium !== undefined };
}

/** Verifies a bundle against the site and brings it into the chosen cache, or refuses it whole (audited either way). */
export async function importIntoCache(uc: UseCaseContext, bundleDir: string, options: Progress = {}): Promise<SiteImportResult> {
  const layout = await uc.cache();
  const db = uc.siteDb();
  const result = await importIntoSite(db, layout, bundleDir, options);
  uc.useCache(layout.root);
  // The audit rows travel with the medium once it took a new bundle. A refused import, or one the cache
  // already held, changes nothing on the stick; its audit row travels with the next copy, which is whole.
  if (result.outcome !== 'already-accepted') await copyAuditAfter(db, uc.dataDir, layout.root);
  return result;
}

/** Re-hashes every NAR; damaged paths are reported, not repaired. */
export async function verifyOfflineCache(
  uc: UseCaseContext,
  options: Progress = {},
): Promise<{ layout: CacheLayout; report: CacheVerifyReport }> {
  const layout = await uc.cache();
  return { layout, report: await verifyCache(layout, options) };
}

/** What the cache holds: paths and sizes, the accepted bundles (oldest first), and any manifest it cannot read. */
export async function cacheContents(uc: UseCaseContext) {
  const layout = await uc.cache();
  const [{ paths }, held] = await Promise.all([readCachedPaths(layout), readHeldManifests(layout)]);
  const bundles = held.manifests
    .map(({ name, jsonFile, manifest: m }) => ({
      name,
      file: basename(jsonFile),
      site: m.site,
      sequence: m.sequence,
      created: m.created,
      systems: m.systems.map((s) => ({ host: s.host, toplevel: s.toplevel })),
    }))
    .sort((a, b) => a.sequence - b.sequence);
  return {
    layout,
    paths: paths.length,
    fileBytes: paths.reduce((n, p) => n + (p.narinfo.fileSize ?? 0), 0),
    narBytes: paths.reduce((n, p) => n + p.narinfo.narSize, 0),
    bundles,
    unreadable: held.unreadable.map((u) => ({ file: basename(u.file), problem: u.problem })),
  };
}

export interface GcRequest {
  /** Bundles kept per host, newest first. */
  readonly keep: number;
  /** False: a preview that changes nothing. */
  readonly apply: boolean;
  /** Store paths hosts still use (every generation the last probes saw); never deleted. */
  readonly pathsInUse?: ReadonlySet<string>;
}

export async function gcOfflineCache(uc: UseCaseContext, req: GcRequest): Promise<{ layout: CacheLayout; plan: GcPlan }> {
  const layout = await uc.cache();
  const options = { keep: req.keep, pathsInUse: new Set(req.pathsInUse ?? []) };
  return { layout, plan: req.apply ? await gcSiteCache(uc.siteDb(), layout, options) : await planCacheGc(layout, options) };
}
