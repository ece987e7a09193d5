// The long jobs of the Media & import and Offline cache screens: verify a
// bundle, import it, re-hash the cache, each one use case run as a job with
// progress (NAR hashing runs on the engine's worker threads, never here).
import { resolve } from 'node:path';
import type { ApiHandlers } from '../../../shared/api';
import type { ServiceContext } from './context';
import type { JobRunner, ReportProgress } from './jobs';
import { verifyBundleForSite, type VerifyProgress } from '../usecases/bundles';
import { importIntoCache, verifyOfflineCache } from '../usecases/cache';

type ImportHandlers = Pick<ApiHandlers, 'bundlesVerify' | 'cacheImport' | 'cacheVerify'>;

const progressOf = (report: ReportProgress) => (p: VerifyProgress) =>
  report({ bytesDone: p.bytes, bytesTotal: p.totalBytes, pathsDone: p.files, pathsTotal: p.totalFiles });

const plural = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;

export function importHandlers(ctx: ServiceContext, jobs: JobRunner): ImportHandlers {
  return {
    bundlesVerify: async ({ folder }) => {
      const dir = resolve(folder);
      return jobs.start('bundle-verify', dir, async (report, signal) => {
        // Rule 8 (paths a delta bundle leaves out) is checked against the chosen cache when there is one.
        const root = ctx.uc.cacheRoot();
        const v = await verifyBundleForSite(ctx.uc, dir, { ...(root ? { cacheRoot: root } : {}), onProgress: progressOf(report), signal });
        const name = `${v.manifest.site}-${v.manifest.sequence}`;
        return {
          message: `${name} is valid: signed by ${v.signers.join(', ')}; ${plural(v.carried.length, 'path')} carried, ${v.held.length} held by the cache`,
          details: v.unknownSigners.length
            ? [`also signed by keys this site does not trust (ignored): ${v.unknownSigners.join(', ')}`]
            : [],
        };
      });
    },
    cacheImport: async ({ folder }) => {
      const dir = resolve(folder);
      await ctx.uc.cache(); // no cache chosen, or none there: said now, before a job starts
      return jobs.start('cache-import', dir, async (report, signal) => {
        try {
          const r = await importIntoCache(ctx.uc, dir, { onProgress: progressOf(report), signal });
          const name = `${r.verified.manifest.site}-${r.verified.manifest.sequence}`;
          const held = r.alreadyHeld.length + r.verified.held.length;
          return {
            message:
              r.outcome === 'already-accepted'
                ? `${name} was imported before; the cache already holds all of it`
                : `accepted ${name}: ${plural(r.added.length, 'path')} added, ${held} already in the cache`,
            details: [
              `signed by ${r.verified.signers.join(', ')}`,
              ...r.verified.manifest.systems.map((s) => `${s.host}: ${s.toplevel} (${s.action ?? 'switch'})`),
            ],
          };
        } finally {
          ctx.events.emit({ type: 'changed', what: 'cache' });
        }
      });
    },
    cacheVerify: async () => {
      const layout = await ctx.uc.cache();
      return jobs.start('cache-verify', layout.root, async (report, signal) => {
        const { report: r } = await verifyOfflineCache(ctx.uc, { onProgress: progressOf(report), signal });
        if (r.damaged.length === 0) return { message: `${plural(r.checked, 'path')} checked, none damaged` };
        return {
          status: 'refused',
          message: `${plural(r.damaged.length, 'damaged path')} of ${r.checked}: import the bundles that carry them again to repair`,
          details: r.damaged.map((d) => `${d.path}: ${d.problem}`),
        };
      });
    },
  };
}
