// What Airlock did to each host's system: one row per deploy, switch or
// rollback, kept after the host is removed (host is a name, not a reference),
// because "what ran before" is read from here, not guessed from numbers.
// host_lock holds the one operation a host may have at a time, across every
// Airlock process on this machine (app, web console, command line).
import type { Migration } from './migration';

export const deployments: Migration = {
  version: 6,
  name: 'deployments',
  up(db) {
    db.exec(`
      CREATE TABLE deployment (
        id              INTEGER PRIMARY KEY,
        host            TEXT NOT NULL,
        kind            TEXT NOT NULL CHECK (kind IN ('deploy', 'switch', 'rollback')),
        action          TEXT NOT NULL CHECK (action IN ('switch', 'boot', 'test', 'dry-activate')),
        bundle          TEXT,
        operator        TEXT NOT NULL,
        reason          TEXT,
        from_generation INTEGER,
        from_toplevel   TEXT,
        to_generation   INTEGER,
        to_toplevel     TEXT NOT NULL,
        started_at      TEXT NOT NULL,
        finished_at     TEXT,
        outcome         TEXT NOT NULL DEFAULT 'running'
                        CHECK (outcome IN ('running', 'succeeded', 'rolled-back', 'failed', 'cancelled')),
        outcome_reason  TEXT,
        confirmed       INTEGER NOT NULL DEFAULT 0 CHECK (confirmed IN (0, 1)),
        push_method     TEXT,
        paths_sent      INTEGER NOT NULL DEFAULT 0,
        bytes_sent      INTEGER NOT NULL DEFAULT 0,
        push_ms         INTEGER,
        activation_ms   INTEGER,
        health          TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(health))
      ) STRICT;
      CREATE INDEX deployment_by_host ON deployment (host, id);

      CREATE TABLE host_lock (
        host            TEXT PRIMARY KEY,
        operation       TEXT NOT NULL,
        deployment_id   INTEGER,
        pid             INTEGER NOT NULL,
        operator        TEXT NOT NULL,
        started_at      TEXT NOT NULL
      ) STRICT;
    `);
  },
};
