// Brings the schema to a version, one numbered migration at a time. The version
// lives in PRAGMA user_version, which is written inside each migration's own
// transaction, so a crash leaves the database at the last complete step.
import type Database from 'better-sqlite3';
import { DatabaseRefusal } from './db-errors';
import { LATEST_VERSION, MIGRATIONS, type Migration } from './migrations';

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function checkNumbering(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} is numbered ${m.version} but listed at position ${i + 1}`);
  });
}

function refuseNewer(current: number, latest: number): void {
  if (current > latest) {
    throw new DatabaseRefusal(
      `this database was written by a newer Airlock (schema version ${current}; this Airlock knows up to ${latest}): ` +
        'use that newer Airlock, or another --data-dir',
    );
  }
}

/**
 * Migrates up to `target` (default: the latest) and returns the version reached.
 * Refuses a database from a newer Airlock and any step down.
 */
export function migrate(db: Database.Database, target = LATEST_VERSION, migrations: readonly Migration[] = MIGRATIONS): number {
  checkNumbering(migrations);
  const latest = migrations.length;
  if (!Number.isInteger(target) || target < 0 || target > latest)
    throw new Error(`no schema version ${target}: versions are 0 to ${latest}`);
  refuseNewer(schemaVersion(db), latest);
  if (target < schemaVersion(db)) {
    throw new DatabaseRefusal(`the database is at schema version ${schemaVersion(db)}; migrating down to ${target} is not supported`);
  }
  // Each step re-reads the version under the write lock (IMMEDIATE), so two
  // Airlocks opening the same database at once never run a migration twice.
  const step = db.transaction((): boolean => {
    const current = schemaVersion(db);
    refuseNewer(current, latest);
    const next = migrations[current];
    if (current >= target || !next) return false;
    next.up(db);
    db.pragma(`user_version = ${next.version}`);
    return true;
  });
  while (step.immediate());
  return schemaVersion(db);
}
