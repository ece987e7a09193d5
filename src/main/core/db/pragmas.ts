// The connection settings the site database relies on, each read back after it
// is set: SQLite answers a pragma it cannot honour by quietly keeping the old
// value (journal_mode=WAL on a filesystem without shared memory, for example),
// and a site database that is not crash-safe must not be trusted with the floor.
import type Database from 'better-sqlite3';
import { DatabaseRefusal } from './db-errors';

export const BUSY_TIMEOUT_MS = 10_000;

/** PRAGMA synchronous reads back as a number; FULL is 2. */
const SYNCHRONOUS_FULL = 2;

function readBack(db: Database.Database, name: string): unknown {
  return db.pragma(name, { simple: true });
}

export function applyPragmas(db: Database.Database, where: string, busyTimeoutMs = BUSY_TIMEOUT_MS): void {
  // First, so that switching to WAL waits for another Airlock instead of failing.
  db.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  const journal = readBack(db, 'journal_mode');
  if (journal !== 'wal') {
    throw new DatabaseRefusal(
      `the filesystem holding ${where} does not support SQLite's write-ahead log (journal mode stayed '${String(journal)}'); ` +
        'keep the data folder on a local disk, not a network share or removable medium',
    );
  }
  const synchronous = readBack(db, 'synchronous');
  if (synchronous !== SYNCHRONOUS_FULL) {
    throw new DatabaseRefusal(
      `SQLite did not accept synchronous=FULL for ${where} (it reads back as ${String(synchronous)}); refusing to run without it`,
    );
  }
  if (readBack(db, 'foreign_keys') !== 1) throw new DatabaseRefusal(`SQLite did not enable foreign keys for ${where}`);
  if (readBack(db, 'busy_timeout') !== Math.trunc(busyTimeoutMs))
    throw new DatabaseRefusal(`SQLite did not accept a busy timeout for ${where}`);
}
