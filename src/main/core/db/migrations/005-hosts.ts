// The hosts Airlock deploys to, each with the SSH host key pinned when it was
// added (cli.md "Hosts"). The pin lives here and in <dataDir>/ssh/known_hosts:
// ssh checks the file, the row says what was pinned and when.
import type { Migration } from './migration';

export const hosts: Migration = {
  version: 5,
  name: 'hosts',
  up(db) {
    db.exec(`
      CREATE TABLE host (
        name            TEXT PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 63),
        address         TEXT NOT NULL CHECK (length(address) BETWEEN 1 AND 253),
        port            INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
        user            TEXT NOT NULL CHECK (length(user) BETWEEN 1 AND 32),
        identity        TEXT,
        tags            TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags) AND json_type(tags) = 'array'),
        host_key_type   TEXT NOT NULL,
        host_key        TEXT NOT NULL,
        host_key_fingerprint TEXT NOT NULL CHECK (host_key_fingerprint LIKE 'SHA256:%'),
        added           TEXT NOT NULL
      ) STRICT;
    `);
  },
};
