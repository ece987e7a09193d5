// Cleaning a host's old generations from the Host screen: a preview that
// changes nothing, and the run, which deletes exactly what the operator
// confirmed. The engine plans again under the host's lock; so that a host
// that changed since the preview (a new deploy, a generation deleted by hand)
// never has other generations deleted than those the dialog named, the
// service plans again first and refuses when the two differ.
import type { ApiHandlers } from '../../shared/api';
import { SiteRefusal } from './db/db-errors';
import { requireHost } from './db/hosts';
import { deleteOldGenerations, previewGenerationClean } from './incident/clean-generations';
import { announceAudit } from './service-audit';
import type { ServiceContext } from './service-context';
import { hostsContext } from './service-deploy';
import { probeAndAnnounce } from './service-hosts';

type CleanHandlers = Pick<ApiHandlers, 'hostsCleanPreview' | 'hostsClean'>;

const list = (numbers: readonly number[]): string => [...numbers].sort((a, b) => a - b).join(', ') || 'none';

export function cleanHandlers(ctx: ServiceContext): CleanHandlers {
  return {
    hostsCleanPreview: async ({ name, keep }) => previewGenerationClean(hostsContext(ctx), requireHost(ctx.db(), name), keep),
    hostsClean: async ({ name, keep, generations }) => {
      const host = requireHost(ctx.db(), name);
      const fresh = await previewGenerationClean(hostsContext(ctx), host, keep);
      const now = fresh.plan.deleted.map((g) => g.generation);
      if (list(now) !== list(generations)) {
        throw new SiteRefusal(`${name} changed since the preview: cleaning would now delete generation(s) ${list(now)}, not ${list(generations)} as confirmed; nothing was deleted, look at the new preview`);
      }
      try {
        return await deleteOldGenerations(hostsContext(ctx), host, keep);
      } finally {
        announceAudit(ctx);
        // The Host screen shows what the host holds now, read from the host.
        await probeAndAnnounce(ctx, [name]).catch(() => undefined);
      }
    },
  };
}
