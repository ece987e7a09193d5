// A cache gc as the site sees it: plan, delete, and one audit row for every
// run that was meant to delete, whether it deleted, was refused or failed
// midway (then running it again finishes the work). DESTRUCTIVE: see
// gc-cache.ts for what can be lost and what protects the rest. The site's
// floor is not touched: a deleted bundle stays below it and is never accepted
// again.
import type { SiteDb } from './db/open-database';
import { appendAudit } from './db/audit-log';
import type { CacheLayout } from './cache/cache-layout';
import { gcCache } from './cache/gc-cache';
import { CacheBusyError, withCacheLock } from './cache/cache-lock';
import { GcRefusal, planCacheGc, type GcOptions, type GcPlan } from './cache/gc-plan';

/** What the audit row keeps of a plan: names and counts, not every store path. */
export function gcSummary(plan: GcPlan): Readonly<Record<string, unknown>> {
  return {
    keep: plan.keep,
    keptBundles: plan.keptBundles.map((b) => b.name),
    deletedBundles: plan.droppedBundles.map((b) => b.name),
    keptPaths: plan.keptPaths,
    deletedPaths: plan.droppedPaths.length,
    deletedNarFiles: plan.narFiles.length,
    orphanNarFiles: plan.orphanNars.length,
    bytes: plan.bytes,
  };
}

/** Plans and deletes under the cache's lock, so no import runs in between (see cache-lock.ts). */
export function gcSiteCache(db: SiteDb, layout: CacheLayout, options: GcOptions): Promise<GcPlan> {
  return withCacheLock(layout, 'gc', () => gcLocked(db, layout, options)).catch((err: unknown) => {
    if (err instanceof CacheBusyError)
      appendAudit(db, {
        action: 'cache.gc',
        subject: layout.root,
        outcome: 'refused',
        details: { cache: layout.root, keep: options.keep, reason: err.message },
      });
    throw err;
  });
}

async function gcLocked(db: SiteDb, layout: CacheLayout, options: GcOptions): Promise<GcPlan> {
  const audit = (outcome: 'ok' | 'refused' | 'failed', details: Readonly<Record<string, unknown>>): void => {
    appendAudit(db, { action: 'cache.gc', subject: layout.root, outcome, details: { cache: layout.root, keep: options.keep, ...details } });
  };
  let plan: GcPlan;
  try {
    plan = await planCacheGc(layout, options);
  } catch (err) {
    audit(err instanceof GcRefusal ? 'refused' : 'failed', { reason: (err as Error).message });
    throw err;
  }
  try {
    await gcCache(layout, plan);
  } catch (err) {
    // Some of the plan may be gone: the row says what was meant, and that it stopped.
    audit('failed', { ...gcSummary(plan), reason: (err as Error).message });
    throw err;
  }
  audit('ok', gcSummary(plan));
  return plan;
}
