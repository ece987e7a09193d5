// The site (one row) and the keys it trusts. A key is unique per kind by name
// (signature lines find their key by name) and by key bytes: one key entered
// under two names would count twice toward the bundle threshold (bundle-format
// rule 2) although one person holds it.
import type { Migration } from './migration';

export const siteAndTrust: Migration = {
  version: 1,
  name: 'site-and-trust',
  up(db) {
    db.exec(`
      CREATE TABLE site (
        id        INTEGER PRIMARY KEY CHECK (id = 1),
        name      TEXT NOT NULL UNIQUE
                  CHECK (length(name) BETWEEN 1 AND 63 AND name GLOB '[a-z0-9]*' AND name NOT GLOB '*[^a-z0-9-]*'),
        threshold INTEGER NOT NULL CHECK (threshold >= 1),
        created   TEXT NOT NULL
      ) STRICT;

      CREATE TABLE trusted_key (
        id    INTEGER PRIMARY KEY,
        kind  TEXT NOT NULL CHECK (kind IN ('bundle', 'nix')),
        name  TEXT NOT NULL CHECK (length(name) >= 1 AND name NOT GLOB '*[: ]*'),
        key   TEXT NOT NULL CHECK (length(key) = 44),
        added TEXT NOT NULL,
        UNIQUE (kind, name),
        UNIQUE (kind, key)
      ) STRICT;
    `);
  },
};
