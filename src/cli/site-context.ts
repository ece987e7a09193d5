// The site database for the data folder a command runs against (--data-dir,
// AIRLOCK_DATA_DIR, else the desktop app's folder). Commands that need a site
// (bundle verify, cache import) call openSiteDatabase and close what they get.
import type { CommandContext } from './command';
import { RefusedError } from './cli-error';
import { resolveDataDir } from '../main/core/data-dir';
import { openDatabase, type SiteDb } from '../main/core/db/open-database';
import { getSite } from '../main/core/db/site-store';

export function commandDataDir(ctx: CommandContext): string {
  return resolveDataDir(ctx.global.dataDir);
}

/** The database, whether or not a site has been set up in it yet. */
export function openDataDatabase(ctx: CommandContext): SiteDb {
  return openDatabase(commandDataDir(ctx));
}

/** The database of an existing site; refuses, naming the fix, when there is none. */
export function openSiteDatabase(ctx: CommandContext): SiteDb {
  const db = openDataDatabase(ctx);
  if (getSite(db) === undefined) {
    db.close();
    throw new RefusedError(
      `no site here yet (${commandDataDir(ctx)}): run \`airlock site init --name SITE --trust PUBKEY\` first, or pass the right --data-dir`,
    );
  }
  return db;
}

/** Runs `use` with the database open and always closes it. */
export async function withDatabase<T>(db: SiteDb, use: (db: SiteDb) => T | Promise<T>): Promise<T> {
  try {
    return await use(db);
  } finally {
    db.close();
  }
}
