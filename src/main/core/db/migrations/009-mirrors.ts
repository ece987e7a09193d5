// Site mirrors (cli.md "Site mirrors"): a URL hosts reach for the site's
// binary cache, and optionally the added host and absolute folder that
// `mirror publish` copies the offline cache into. The host is named, not
// referenced: removing a host leaves the mirror, and publish says what to do.
import type { Migration } from './migration';

export const mirrors: Migration = {
  version: 9,
  name: 'mirrors',
  up(db) {
    db.exec(`
      CREATE TABLE mirror (
        name   TEXT PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 63),
        url    TEXT NOT NULL CHECK (url LIKE 'http://%' OR url LIKE 'https://%'),
        host   TEXT,
        path   TEXT CHECK (path IS NULL OR substr(path, 1, 1) = '/'),
        added  TEXT NOT NULL,
        CHECK ((host IS NULL) = (path IS NULL))
      ) STRICT;
    `);
  },
};
