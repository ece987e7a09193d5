// Opens the site database `<dataDir>/airlock.db`: creates the folder (0700) if
// needed, applies and reads back the pragmas, then migrates to the latest schema.
import Database from 'better-sqlite3';
import { ensureDataDir } from '../data-dir';
import { databasePath } from './database-path';
import { migrate } from './migrate';
import { applyPragmas, BUSY_TIMEOUT_MS } from './pragmas';

export { DATABASE_FILE, databasePath } from './database-path';

export interface OpenDatabaseOptions {
  readonly busyTimeoutMs?: number;
  /** Tests of one migration stop short of the latest schema. */
  readonly migrateTo?: number;
}

export type SiteDb = Database.Database;

export function openDatabase(dataDir: string, options: OpenDatabaseOptions = {}): SiteDb {
  const file = databasePath(ensureDataDir(dataDir));
  const db = new Database(file);
  try {
    applyPragmas(db, file, options.busyTimeoutMs ?? BUSY_TIMEOUT_MS);
    migrate(db, options.migrateTo);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
