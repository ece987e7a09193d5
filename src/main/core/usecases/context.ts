// The one context every verb takes, built once by the face that runs it: the
// command line per command, the app and the web console once per window. It
// owns the data folder's database (opened on first use, so a window shows
// before the disk is touched), the SSH transport, and which offline cache the
// site works on. Per-call things (progress, cancellation) are arguments of
// the verbs, not part of the context.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CacheLayout } from '../cache/cache-layout';
import { openCache } from '../cache/init-cache';
import { resolveDataDir } from '../data-dir';
import { NoSiteError } from '../db/db-errors';
import { onAuditAppended, type AuditListener } from '../db/audit-log';
import { databasePath, openDatabase, type SiteDb } from '../db/open-database';
import { getSetting, setSetting } from '../db/settings';
import { getSite } from '../db/site-store';
import { createSshTransport, type SshTransport } from '../remote/ssh-transport';
import { NoCacheChosenError } from './refusals';

export { airlockVersion } from './version';

export interface UseCaseDeps {
  /** The data folder; by default AIRLOCK_DATA_DIR, else the desktop app's folder. */
  readonly dataDir?: string;
  /** The offline cache; by default AIRLOCK_CACHE, else the one last used from this data folder. */
  readonly cacheRoot?: string;
  /** Where defaults are read from; the process environment unless a test hands in its own. */
  readonly env?: NodeJS.ProcessEnv;
  /** Told of every audit row this context writes (the service turns them into events). */
  readonly onAudit?: AuditListener;
}

export interface UseCaseContext {
  readonly dataDir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly transport: SshTransport;
  /** The database, whether or not a site has been set up in it yet. */
  db(): SiteDb;
  /** The database of an existing site; refuses, naming the fix, when there is none. */
  siteDb(): SiteDb;
  /** The offline cache chosen for this context, if any: explicit, AIRLOCK_CACHE, else the last one used. */
  cacheRoot(): string | undefined;
  /** The chosen cache, opened; refuses when none is chosen or the folder holds none. */
  cache(): Promise<CacheLayout>;
  /** Makes `root` this context's cache and remembers it for the next run from this data folder. */
  useCache(root: string): void;
  close(): void;
}

export function createUseCaseContext(deps: UseCaseDeps = {}): UseCaseContext {
  const env = deps.env ?? process.env;
  const dataDir = resolveDataDir(deps.dataDir ?? (env.AIRLOCK_DATA_DIR || undefined));
  let chosenCache = deps.cacheRoot ?? (env.AIRLOCK_CACHE || undefined);
  let database: SiteDb | undefined;
  const db = (): SiteDb => {
    if (database) return database;
    database = openDatabase(dataDir);
    if (deps.onAudit) onAuditAppended(database, deps.onAudit);
    return database;
  };
  const ctx: UseCaseContext = {
    dataDir,
    env,
    transport: createSshTransport(dataDir),
    db,
    siteDb() {
      if (getSite(db()) === undefined) throw new NoSiteError(dataDir);
      return db();
    },
    cacheRoot() {
      if (chosenCache) return chosenCache;
      // Reading the last-used cache must not create a database in a folder that has none.
      return database || existsSync(databasePath(dataDir)) ? getSetting(db(), 'last-cache') : undefined;
    },
    async cache() {
      const root = ctx.cacheRoot();
      if (!root) throw new NoCacheChosenError();
      return openCache(root);
    },
    useCache(root) {
      chosenCache = resolve(root);
      setSetting(db(), 'last-cache', chosenCache);
    },
    close() {
      database?.close();
      database = undefined;
    },
  };
  return ctx;
}
