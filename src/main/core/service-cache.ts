// The offline cache for the Offline cache and Media & import screens: status,
// choosing it, import and verify (long jobs), GC with a preview.
import { basename, resolve } from 'node:path';
import type { ApiHandlers } from '../../shared/api';
import type { CacheStatusView, GcPreviewView } from '../../shared/schemas';
import { readCachedPaths } from './cache/cached-paths';
import type { CacheLayout } from './cache/cache-layout';
import { planCacheGc, type GcPlan } from './cache/gc-plan';
import { readHeldManifests } from './cache/held-manifests';
import { initCache, openCache } from './cache/init-cache';
import { volumeSpace } from './media/volume-space';
import type { ServiceContext } from './service-context';
import { gcSiteCache } from './site-gc';
import { announceAudit } from './service-audit';

type CacheHandlers = Pick<ApiHandlers, 'cacheStatus' | 'cacheUse' | 'cacheGcPreview' | 'cacheGc'>;

const emptyStatus = (root: string | null, problem: string | null): CacheStatusView => ({
  root, problem, paths: 0, fileBytes: 0, narBytes: 0, totalBytes: null, freeBytes: null, bundles: [], unreadable: [],
});

async function status(ctx: ServiceContext): Promise<CacheStatusView> {
  const root = ctx.uc.cacheRoot();
  if (!root) return emptyStatus(null, null);
  let layout: CacheLayout;
  try {
    layout = await openCache(root);
  } catch (err) {
    return emptyStatus(root, (err as Error).message);
  }
  const [{ paths }, held, space] = await Promise.all([readCachedPaths(layout), readHeldManifests(layout), volumeSpace(root)]);
  const bundles = held.manifests
    .map(({ name, manifest: m }) => ({ name, site: m.site, sequence: m.sequence, created: m.created, systems: m.systems.map((s) => ({ host: s.host, toplevel: s.toplevel })) }))
    .sort((a, b) => a.sequence - b.sequence);
  return {
    root,
    problem: null,
    paths: paths.length,
    fileBytes: paths.reduce((n, p) => n + (p.narinfo.fileSize ?? 0), 0),
    narBytes: paths.reduce((n, p) => n + p.narinfo.narSize, 0),
    ...space,
    bundles,
    unreadable: held.unreadable.map((u) => ({ file: basename(u.file), problem: u.problem })),
  };
}

/**
 * What hosts still use, so GC never deletes it: every generation the last
 * probes saw (current, booted, default and older ones a rollback could reach).
 */
function pathsInUse(ctx: ServiceContext): Set<string> {
  const paths = new Set<string>();
  for (const probe of ctx.probes.values()) for (const g of probe.generations) if (g.toplevel) paths.add(g.toplevel);
  return paths;
}

function preview(plan: GcPlan): GcPreviewView {
  return {
    keep: plan.keep,
    keptBundles: plan.keptBundles.map((b) => b.name),
    deletedBundles: plan.droppedBundles.map((b) => b.name),
    keptPaths: plan.keptPaths,
    deletedPaths: plan.droppedPaths.map((p) => p.path),
    orphanNarFiles: plan.orphanNars.length,
    bytes: plan.bytes,
  };
}

export function cacheHandlers(ctx: ServiceContext): CacheHandlers {
  return {
    cacheStatus: async () => status(ctx),
    cacheUse: async ({ root }) => {
      const dir = resolve(root);
      await initCache(dir);
      ctx.uc.useCache(dir);
      ctx.events.emit({ type: 'changed', what: 'cache' });
      return status(ctx);
    },
    cacheGcPreview: async ({ keep }) => preview(await planCacheGc(await ctx.uc.cache(), { keep, pathsInUse: pathsInUse(ctx) })),
    // DESTRUCTIVE: deletes what the preview showed (see site-gc.ts for what protects the rest).
    cacheGc: async ({ keep }) => {
      try {
        return preview(await gcSiteCache(ctx.uc.db(), await ctx.uc.cache(), { keep, pathsInUse: pathsInUse(ctx) }));
      } finally {
        announceAudit(ctx);
        ctx.events.emit({ type: 'changed', what: 'cache' });
      }
    },
  };
}
