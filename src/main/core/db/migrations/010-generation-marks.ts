// What the operator said about a host's generation outside any deployment:
// 'adopted' (it ran, probed healthy, when the host was added: known good from
// the start) and 'bad' (it must not count as known good any more, e.g. the
// generation an incident rolled back from). after_deployment is the newest
// deployment row when the mark was made, so an adoption has its place among
// the deployment records ("known good before that change?").
import type { Migration } from './migration';

export const generationMarks: Migration = {
  version: 10,
  name: 'generation-marks',
  up(db) {
    db.exec(`
      CREATE TABLE generation_mark (
        id               INTEGER PRIMARY KEY,
        host             TEXT NOT NULL,
        generation       INTEGER NOT NULL,
        toplevel         TEXT NOT NULL,
        mark             TEXT NOT NULL CHECK (mark IN ('adopted', 'bad')),
        reason           TEXT,
        operator         TEXT NOT NULL,
        at               TEXT NOT NULL,
        after_deployment INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE INDEX generation_mark_by_host ON generation_mark (host, mark, id);
    `);
  },
};
