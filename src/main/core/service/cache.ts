// The offline cache for the Offline cache and Media & import screens: its
// status (the cache-contents use case, plus the medium's space), choosing it,
// and GC with a preview, each through the cache use cases.
import { resolve } from 'node:path';
import type { ApiHandlers } from '../../../shared/api';
import type { CacheStatusView, GcPreviewView } from '../../../shared/schemas';
import type { ServiceContext } from './context';
import { cacheContents, gcOfflineCache, initOfflineCache, type GcPlan } from '../usecases/cache';
import { volumeSpace } from '../usecases/media';

type CacheHandlers = Pick<ApiHandlers, 'cacheStatus' | 'cacheUse' | 'cacheGcPreview' | 'cacheGc'>;

const emptyStatus = (root: string | null, problem: string | null): CacheStatusView => ({
  root,
  problem,
  paths: 0,
  fileBytes: 0,
  narBytes: 0,
  totalBytes: null,
  freeBytes: null,
  bundles: [],
  unreadable: [],
});

async function status(ctx: ServiceContext): Promise<CacheStatusView> {
  const root = ctx.uc.cacheRoot();
  if (!root) return emptyStatus(null, null);
  let contents: Awaited<ReturnType<typeof cacheContents>>;
  try {
    contents = await cacheContents(ctx.uc);
  } catch (err) {
    // Chosen but not there (the stick is out, or it holds no cache): the screen says so.
    return emptyStatus(root, (err as Error).message);
  }
  const { paths, fileBytes, narBytes, unreadable } = contents;
  const bundles = contents.bundles.map(({ name, site, sequence, created, systems }) => ({ name, site, sequence, created, systems }));
  return { root, problem: null, paths, fileBytes, narBytes, ...(await volumeSpace(root)), bundles, unreadable };
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
      await initOfflineCache(ctx.uc, resolve(root));
      ctx.events.emit({ type: 'changed', what: 'cache' });
      return status(ctx);
    },
    cacheGcPreview: async ({ keep }) => preview((await gcOfflineCache(ctx.uc, { keep, apply: false, pathsInUse: pathsInUse(ctx) })).plan),
    // DESTRUCTIVE: deletes what the preview showed (see site-gc.ts for what protects the rest).
    cacheGc: async ({ keep }) => {
      try {
        return preview((await gcOfflineCache(ctx.uc, { keep, apply: true, pathsInUse: pathsInUse(ctx) })).plan);
      } finally {
        ctx.events.emit({ type: 'changed', what: 'cache' });
      }
    },
  };
}
