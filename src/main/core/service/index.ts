// The one implementation of the API: every face (Electron IPC, the web console,
// later the CLI's shared commands) calls these handlers and nothing else. Each
// domain lives in its own service/*.ts; this file only composes them.
import type { AirlockService, ApiHandlers } from '../../../shared/api';
import { dataDiskProblem } from '../usecases/refusals';
import { auditHandlers } from './audit';
import { cacheHandlers } from './cache';
import { checkHandlers } from './checks';
import { cleanHandlers } from './clean';
import { createServiceContext, type ServiceDeps } from './context';
import { deployHandlers } from './deploy';
import { generationMarkHandlers } from './generation-marks';
import { generationHandlers } from './generations';
import { hostHandlers } from './hosts';
import { importHandlers } from './import';
import { incidentHandlers } from './incident';
import { createJobRunner } from './jobs';
import { mediaHandlers } from './media';
import { mirrorHandlers } from './mirrors';
import { createOperationRunner } from './operations';
import { siteHandlers } from './site';
import { startWatch } from './watch';
import { Refusal } from '../refusal-error';

export type { ServiceDeps } from './context';

/** Every handler, with a full data disk said as such (db/disk-full.ts) instead of SQLite's "disk I/O error". */
function sayingDiskFull(handlers: ApiHandlers, dataDir: string): ApiHandlers {
  const wrapped: Record<string, (input: never) => Promise<unknown>> = {};
  for (const [name, handler] of Object.entries(handlers) as [string, (input: never) => Promise<unknown>][]) {
    wrapped[name] = (input) =>
      handler(input).catch((err: unknown) => {
        throw dataDiskProblem(err, dataDir) ?? err;
      });
  }
  return wrapped as unknown as ApiHandlers;
}

export function createService(deps: ServiceDeps): AirlockService {
  const ctx = createServiceContext(deps);
  const watch = startWatch(ctx);
  // Every job writes to the audit log (imports) or may have (verify does not, but a reload is cheap).
  const jobs = createJobRunner(ctx);
  // Deploys, switches and rollbacks: each ends by re-probing its hosts.
  const operations = createOperationRunner(ctx);
  const handlers: ApiHandlers = {
    appVersion: async () => ctx.version,
    appCapabilities: async () => ({ nativeFolderPicker: deps.pickFolder !== undefined }),
    dialogPickFolder: async ({ title, what }) => {
      if (!deps.pickFolder) throw new Refusal(`this face has no ${what ?? 'folder'} picker: type the ${what ?? 'folder'} path instead`);
      return deps.pickFolder(title, what ?? 'folder');
    },
    ...siteHandlers(ctx, () => watch.reschedule()),
    ...hostHandlers(ctx),
    ...mediaHandlers(ctx),
    ...cacheHandlers(ctx),
    ...importHandlers(ctx, jobs),
    ...mirrorHandlers(ctx, jobs),
    jobsList: async () => jobs.list(),
    jobsCancel: async ({ id }) => jobs.cancel(id),
    ...auditHandlers(ctx),
    ...deployHandlers(ctx, operations),
    ...generationHandlers(ctx, operations),
    ...generationMarkHandlers(ctx),
    ...incidentHandlers(ctx, operations),
    ...checkHandlers(ctx),
    ...cleanHandlers(ctx),
  };
  return {
    ...sayingDiskFull(handlers, ctx.uc.dataDir),
    events: ctx.events,
    dispose: () => {
      watch.stop();
      ctx.uc.close();
    },
  };
}
