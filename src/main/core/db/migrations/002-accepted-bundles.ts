// Every bundle the site accepted. The floor (bundle-format rules 3 and 4) is
// derived from these rows rather than kept as a counter, so it can be explained
// (which bundle set it, when) and never drifts from the record.
import type { Migration } from './migration';

export const acceptedBundles: Migration = {
  version: 2,
  name: 'accepted-bundles',
  up(db) {
    db.exec(`
      CREATE TABLE accepted_bundle (
        id              INTEGER PRIMARY KEY,
        site            TEXT NOT NULL REFERENCES site (name),
        sequence        INTEGER NOT NULL CHECK (sequence BETWEEN 1 AND 9007199254740991),
        created         TEXT NOT NULL,
        expires         TEXT,
        manifest_sha256 TEXT NOT NULL CHECK (length(manifest_sha256) = 64 AND manifest_sha256 NOT GLOB '*[^0-9a-f]*'),
        accepted_at     TEXT NOT NULL,
        UNIQUE (site, sequence)
      ) STRICT;
    `);
  },
};
