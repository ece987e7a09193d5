// Small remembered choices of this data folder, such as the offline cache used
// last (cli.md: `--cache` defaults to it), so the app and the CLI agree.
import type { Migration } from './migration';

export const settings: Migration = {
  version: 4,
  name: 'settings',
  up(db) {
    db.exec(`
      CREATE TABLE setting (
        key   TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 64),
        value TEXT NOT NULL
      ) STRICT;
    `);
  },
};
