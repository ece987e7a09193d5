// Opening the site database: the pragmas read back as set (and a connection
// where they cannot be is refused), the schema is migrated, and a database from
// a newer Airlock is left alone.
import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { databasePath, openDatabase } from '../../../../src/main/core/db/open-database';
import { migrate, schemaVersion } from '../../../../src/main/core/db/migrate';
import { LATEST_VERSION } from '../../../../src/main/core/db/migrations';
import { applyPragmas } from '../../../../src/main/core/db/pragmas';
import { DatabaseRefusal } from '../../../../src/main/core/db/db-errors';
import { openTempDatabase } from '../../../helpers/site-db';
import { tempDir } from '../../../helpers/tmp';

const tmp = tempDir('airlock-open-db-');

describe('openDatabase', () => {
  it('creates the data folder (0700) and reads back WAL, synchronous=FULL, foreign keys and a busy timeout', () => {
    const { db, dataDir } = openTempDatabase(tmp);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    db.close();
    // WAL is a property of the file: a plain second connection sees it too.
    const raw = new Database(databasePath(dataDir));
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('refuses a connection whose journal cannot be WAL', () => {
    // An in-memory database answers journal_mode=WAL with 'memory', as a
    // filesystem without shared-memory support answers with 'delete'.
    const mem = new Database(':memory:');
    expect(() => applyPragmas(mem, 'memory')).toThrow(/write-ahead log.*stayed 'memory'/);
    mem.close();
  });

  it('refuses a database written by a newer Airlock and does not touch it', () => {
    const dataDir = join(tmp, 'newer');
    openDatabase(dataDir).close();
    const raw = new Database(databasePath(dataDir));
    raw.pragma(`user_version = ${LATEST_VERSION + 1}`);
    raw.close();
    expect(() => openDatabase(dataDir)).toThrow(DatabaseRefusal);
    expect(() => openDatabase(dataDir)).toThrow(/written by a newer Airlock \(schema version \d+; this Airlock knows up to \d+\)/);
    const after = new Database(databasePath(dataDir));
    expect(after.pragma('user_version', { simple: true })).toBe(LATEST_VERSION + 1);
    after.close();
  });

  it('migrates step by step, only upwards, and is idempotent', () => {
    const { db } = openTempDatabase(tmp, { migrateTo: 1 });
    expect(schemaVersion(db)).toBe(1);
    expect(migrate(db)).toBe(LATEST_VERSION);
    expect(migrate(db)).toBe(LATEST_VERSION);
    expect(() => migrate(db, 1)).toThrow(/migrating down/);
    expect(() => migrate(db, LATEST_VERSION + 1)).toThrow(/no schema version/);
    db.close();
  });

  it('rolls a failing migration back entirely, version included', () => {
    const { db } = openTempDatabase(tmp, { migrateTo: 0 });
    const broken = [
      { version: 1, name: 'ok', up: (d: Database.Database) => void d.exec('CREATE TABLE a (x INTEGER) STRICT') },
      {
        version: 2,
        name: 'half',
        up: (d: Database.Database) => void d.exec('CREATE TABLE b (x INTEGER) STRICT; CREATE TABLE b (y INTEGER)'),
      },
    ];
    expect(() => migrate(db, 2, broken)).toThrow(/already exists/);
    expect(schemaVersion(db)).toBe(1);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'b'").get()).toBeUndefined();
    db.close();
  });

  it('keeps the database in airlock.db', () => {
    const { dataDir, db } = openTempDatabase(tmp);
    db.close();
    expect(existsSync(join(dataDir, 'airlock.db'))).toBe(true);
  });
});
