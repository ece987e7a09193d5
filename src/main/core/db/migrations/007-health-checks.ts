// The health checks an operator configures, per host or per tag: a command
// run on the host with an expected exit status and a time limit, or a TCP
// port the laptop must reach. They run after every activation; a failure
// means "not confirmed", and magic rollback puts the previous system back.
import type { Migration } from './migration';

export const healthChecks: Migration = {
  version: 7,
  name: 'health-checks',
  up(db) {
    db.exec(`
      CREATE TABLE health_check (
        id              INTEGER PRIMARY KEY,
        host            TEXT,
        tag             TEXT,
        kind            TEXT NOT NULL CHECK (kind IN ('command', 'tcp')),
        command         TEXT,
        port            INTEGER CHECK (port BETWEEN 1 AND 65535),
        expect_status   INTEGER NOT NULL DEFAULT 0 CHECK (expect_status BETWEEN 0 AND 255),
        timeout_seconds INTEGER NOT NULL DEFAULT 30 CHECK (timeout_seconds BETWEEN 1 AND 3600),
        added           TEXT NOT NULL,
        CHECK ((host IS NULL) <> (tag IS NULL)),
        CHECK ((kind = 'command' AND command IS NOT NULL AND port IS NULL) OR (kind = 'tcp' AND port IS NOT NULL AND command IS NULL))
      ) STRICT;
    `);
  },
};
