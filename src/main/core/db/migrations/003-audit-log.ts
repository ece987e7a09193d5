// The audit log: append-only, each row chained to the one before by hash
// (audit-hash.ts). The triggers stop Airlock, or anyone using SQLite casually,
// from changing history; the chain shows it when someone goes further and drops
// them. AUTOINCREMENT makes SQLite remember the highest id ever used, in
// sqlite_sequence, so deleting the newest rows leaves a trace as well.
import type { Migration } from './migration';

export const auditLog: Migration = {
  version: 3,
  name: 'audit-log',
  up(db) {
    db.exec(`
      CREATE TABLE audit_log (
        id        INTEGER PRIMARY KEY AUTOINCREMENT,
        time      TEXT NOT NULL,
        os_user   TEXT NOT NULL,
        action    TEXT NOT NULL CHECK (length(action) >= 1),
        subject   TEXT NOT NULL,
        outcome   TEXT NOT NULL CHECK (outcome IN ('ok', 'refused', 'failed')),
        details   TEXT NOT NULL CHECK (json_valid(details)),
        prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
        hash      TEXT NOT NULL UNIQUE CHECK (length(hash) = 64)
      ) STRICT;

      CREATE INDEX audit_log_time ON audit_log (time);

      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: rows cannot be changed'); END;

      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: rows cannot be deleted'); END;
    `);
  },
};
