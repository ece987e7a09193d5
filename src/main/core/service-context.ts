// What every domain of the service shares: the data folder and its database
// (opened once, on first use), the SSH transport, the event hub, the settings
// of this run and the last probe of each host.
import { resolveDataDir } from './data-dir';
import { openDatabase, type SiteDb } from './db/open-database';
import { mediaRootsFromEnv } from './media/find-media';
import { createSshTransport } from './remote/ssh-transport';
import type { SshTransport } from './remote/ssh-transport';
import type { HostProbeView } from '../../shared/schemas';
import { createEventHub, type EventHub } from './service-events';

export interface ServiceDeps {
  /** The desktop shell's native folder dialog; absent in the web console (folders are typed there). */
  readonly pickFolder?: (title: string) => Promise<string | null>;
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
  readonly dataDir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly events: EventHub;
  readonly transport: SshTransport;
  readonly settings: { probeIntervalMs: number; readonly mediaRoots: readonly string[]; readonly mediaPollMs: number; cacheRoot: string | undefined };
  /** The last probe of each host, by name. */
  readonly probes: Map<string, HostProbeView>;
  db(): SiteDb;
  close(): void;
}

const DEFAULT_PROBE_MS = 30_000;
const DEFAULT_MEDIA_POLL_MS = 3_000;

function msFromEnv(text: string | undefined, fallback: number): number {
  const ms = Number(text);
  return text !== undefined && Number.isInteger(ms) && ms >= 1000 ? ms : fallback;
}

export function createServiceContext(deps: ServiceDeps): ServiceContext {
  const env = deps.env ?? process.env;
  const dataDir = resolveDataDir(deps.dataDir ?? (env.AIRLOCK_DATA_DIR || undefined));
  let db: SiteDb | undefined;
  return {
    version: deps.version,
    dataDir,
    env,
    events: createEventHub(),
    transport: createSshTransport(dataDir),
    settings: {
      // Tests shorten these so "offline within one probe interval" takes seconds.
      probeIntervalMs: msFromEnv(env.AIRLOCK_PROBE_INTERVAL_MS, DEFAULT_PROBE_MS),
      mediaPollMs: msFromEnv(env.AIRLOCK_MEDIA_POLL_MS, DEFAULT_MEDIA_POLL_MS),
      mediaRoots: mediaRootsFromEnv(env),
      cacheRoot: deps.cacheRoot ?? (env.AIRLOCK_CACHE || undefined),
    },
    probes: new Map(),
    db() {
      // Opened on first use, not at start-up: the window shows before the disk is touched.
      db ??= openDatabase(dataDir);
      return db;
    },
    close() {
      db?.close();
      db = undefined;
    },
  };
}
