// Incidents: one row per guided rollback of many hosts, kept for the
// post-mortem. The per-host results (before, target, after, health) live in
// `hosts` as JSON because they are written once, at the end, and read whole
// by the report; the host operations themselves are deployment rows
// (kind 'rollback', reason "incident N: …"). start_audit_id and end_audit_id
// bracket the audit rows the report's timeline is read from, so report and
// audit log cannot disagree.
import type { Migration } from './migration';

export const incidents: Migration = {
  version: 8,
  name: 'incidents',
  up(db) {
    db.exec(`
      CREATE TABLE incident (
        id              INTEGER PRIMARY KEY,
        reason          TEXT NOT NULL CHECK (length(trim(reason)) > 0),
        operator        TEXT NOT NULL,
        mode            TEXT NOT NULL CHECK (mode IN ('parallel', 'canary')),
        parallel        INTEGER NOT NULL CHECK (parallel >= 1),
        selection       TEXT NOT NULL,
        started_at      TEXT NOT NULL,
        finished_at     TEXT,
        outcome         TEXT NOT NULL DEFAULT 'running'
                        CHECK (outcome IN ('running', 'succeeded', 'partial', 'failed')),
        hosts           TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(hosts)),
        start_audit_id  INTEGER NOT NULL,
        end_audit_id    INTEGER,
        report_file     TEXT
      ) STRICT;
    `);
  },
};
