// What every domain of the service shares: the use-case context (the data
// folder, its database, the SSH transport, the chosen cache), the event hub,
// the settings of this run and the last probe of each host.
import { mediaRootsFromEnv } from '../usecases/media';
import type { HostProbeView } from '../../../shared/schemas';
import { createEventHub, type EventHub } from './events';
import { createUseCaseContext, type UseCaseContext } from '../usecases/context';

export interface ServiceDeps {
  /** The desktop shell's native folder (or file) dialog; absent in the web console (paths are typed there). */
  readonly pickFolder?: (title: string, what: 'folder' | 'file') => Promise<string | null>;
  /** The app's version: Electron's app.getVersion() or package.json's. */
  readonly version: string;
  /** The data folder; by default AIRLOCK_DATA_DIR, else the desktop app's folder (as the CLI resolves it). */
  readonly dataDir?: string;
  /** The offline cache; by default AIRLOCK_CACHE, else the one last used from this data folder. */
  readonly cacheRoot?: string;
  /** Where defaults are read from; the process environment unless a test hands in its own. */
  readonly env?: NodeJS.ProcessEnv;
}

export interface ServiceContext {
  readonly version: string;
  /** What every verb runs against, built once for this window or console. */
  readonly uc: UseCaseContext;
  readonly events: EventHub;
  readonly settings: { probeIntervalMs: number; readonly mediaRoots: readonly string[]; readonly mediaPollMs: number };
  /** The last probe of each host, by name. */
  readonly probes: Map<string, HostProbeView>;
}

const DEFAULT_PROBE_MS = 30_000;
const DEFAULT_MEDIA_POLL_MS = 3_000;

function msFromEnv(text: string | undefined, fallback: number): number {
  const ms = Number(text);
  return text !== undefined && Number.isInteger(ms) && ms >= 1000 ? ms : fallback;
}

export function createServiceContext(deps: ServiceDeps): ServiceContext {
  const env = deps.env ?? process.env;
  const events = createEventHub();
  // Every audit row written is announced as it is written: the Audit screen and the Fleet follow on their own.
  const onAudit = (row: { readonly id: number }): void => events.emit({ type: 'audit', id: row.id });
  return {
    version: deps.version,
    uc: createUseCaseContext({
      ...(deps.dataDir ? { dataDir: deps.dataDir } : {}),
      ...(deps.cacheRoot ? { cacheRoot: deps.cacheRoot } : {}),
      env,
      onAudit,
    }),
    events,
    settings: {
      // Tests shorten these so "offline within one probe interval" takes seconds.
      probeIntervalMs: msFromEnv(env.AIRLOCK_PROBE_INTERVAL_MS, DEFAULT_PROBE_MS),
      mediaPollMs: msFromEnv(env.AIRLOCK_MEDIA_POLL_MS, DEFAULT_MEDIA_POLL_MS),
      mediaRoots: mediaRootsFromEnv(env),
    },
    probes: new Map(),
  };
}
