// Cleaning a host's old generations from the Host screen: a preview that
// changes nothing, and the run, which deletes exactly what the operator
// confirmed (the use case refuses when the host changed since the preview).
import type { ApiHandlers } from '../../../shared/api';
import type { ServiceContext } from './context';
import { probeAndAnnounce } from './hosts';
import { cleanGenerations, previewClean } from '../usecases/generations';

type CleanHandlers = Pick<ApiHandlers, 'hostsCleanPreview' | 'hostsClean'>;

export function cleanHandlers(ctx: ServiceContext): CleanHandlers {
  return {
    hostsCleanPreview: async ({ name, keep }) => previewClean(ctx.uc, name, keep),
    hostsClean: async ({ name, keep, generations }) => {
      try {
        return await cleanGenerations(ctx.uc, { host: name, keep, confirmed: generations });
      } finally {
        // The Host screen shows what the host holds now, read from the host.
        await probeAndAnnounce(ctx, [name]).catch(() => undefined);
      }
    },
  };
}
