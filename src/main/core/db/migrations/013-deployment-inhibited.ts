// A deployment may end 'inhibited' (issue 14): NixOS refused to switch live
// because a switch inhibitor changed (nixpkgs 26.05), and nothing changed on
// the host; neither succeeded nor failed, and no rollback. SQLite cannot alter
// a CHECK, so the table is rebuilt with every row and column (station and
// profile from migrations 011 and 012) as it was, and its index made again.
import type { Migration } from './migration';

const COLUMNS = [
  'id',
  'host',
  'kind',
  'action',
  'bundle',
  'operator',
  'reason',
  'from_generation',
  'from_toplevel',
  'to_generation',
  'to_toplevel',
  'started_at',
  'finished_at',
  'outcome',
  'outcome_reason',
  'confirmed',
  'push_method',
  'paths_sent',
  'bytes_sent',
  'push_ms',
  'activation_ms',
  'health',
  'station',
  'profile',
].join(', ');

export const deploymentInhibited: Migration = {
  version: 13,
  name: 'deployment-inhibited',
  up(db) {
    db.exec(`
      CREATE TABLE deployment_new (
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
                        CHECK (outcome IN ('running', 'succeeded', 'rolled-back', 'failed', 'cancelled', 'inhibited')),
        outcome_reason  TEXT,
        confirmed       INTEGER NOT NULL DEFAULT 0 CHECK (confirmed IN (0, 1)),
        push_method     TEXT,
        paths_sent      INTEGER NOT NULL DEFAULT 0,
        bytes_sent      INTEGER NOT NULL DEFAULT 0,
        push_ms         INTEGER,
        activation_ms   INTEGER,
        health          TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(health)),
        station         TEXT,
        profile         TEXT
      ) STRICT;
      INSERT INTO deployment_new (${COLUMNS}) SELECT ${COLUMNS} FROM deployment;
      DROP TABLE deployment;
      ALTER TABLE deployment_new RENAME TO deployment;
      CREATE INDEX deployment_by_host ON deployment (host, id);
    `);
  },
};
