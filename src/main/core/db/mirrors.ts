// The mirror table (migration 009): one row per site mirror. Adding and
// removing go through auditedChange, so each leaves an audit row, as hosts do.
import type { SiteDb } from './open-database';
import { auditedChange } from './audited-change';
import { SiteRefusal } from './db-errors';
import type { StoreEnv } from './store-env';

export interface MirrorRecord {
  readonly name: string;
  /** What hosts fetch from: http(s)://… serving the binary cache layout. */
  readonly url: string;
  /** The added host `publish` copies to, with the absolute folder its server serves. */
  readonly target?: { readonly host: string; readonly path: string };
  readonly added: string;
}

export type NewMirror = Omit<MirrorRecord, 'added'>;

interface MirrorRow {
  readonly name: string;
  readonly url: string;
  readonly host: string | null;
  readonly path: string | null;
  readonly added: string;
}

function fromRow(row: MirrorRow): MirrorRecord {
  return {
    name: row.name,
    url: row.url,
    ...(row.host !== null && row.path !== null ? { target: { host: row.host, path: row.path } } : {}),
    added: row.added,
  };
}

export function listMirrors(db: SiteDb): readonly MirrorRecord[] {
  return (db.prepare('SELECT * FROM mirror ORDER BY name').all() as MirrorRow[]).map(fromRow);
}

export function findMirror(db: SiteDb, name: string): MirrorRecord | undefined {
  const row = db.prepare('SELECT * FROM mirror WHERE name = ?').get(name) as MirrorRow | undefined;
  return row && fromRow(row);
}

export function requireMirror(db: SiteDb, name: string): MirrorRecord {
  const mirror = findMirror(db, name);
  if (!mirror) throw new SiteRefusal(`no mirror named '${name}' (see \`airlock mirror ls\`)`);
  return mirror;
}

const mirrorDetails = (m: NewMirror): Readonly<Record<string, unknown>> => ({
  url: m.url,
  host: m.target?.host ?? null,
  path: m.target?.path ?? null,
});

/** Stores a mirror and its 'mirror.add' audit row together; a taken name is refused with what to do. */
export function addMirror(db: SiteDb, mirror: NewMirror, env?: StoreEnv): MirrorRecord {
  return auditedChange(
    db,
    { action: 'mirror.add', subject: mirror.name, details: mirrorDetails(mirror) },
    (at) => {
      if (findMirror(db, mirror.name)) {
        throw new SiteRefusal(
          `a mirror named '${mirror.name}' already exists; choose another name, or remove it first with \`airlock mirror rm ${mirror.name}\``,
        );
      }
      db.prepare('INSERT INTO mirror (name, url, host, path, added) VALUES (?, ?, ?, ?, ?)').run(
        mirror.name,
        mirror.url,
        mirror.target?.host ?? null,
        mirror.target?.path ?? null,
        at,
      );
      return { result: { ...mirror, added: at } };
    },
    env,
  );
}

/** Forgets a mirror (what was published stays on its host); writes 'mirror.rm'. */
export function removeMirror(db: SiteDb, name: string, env?: StoreEnv): MirrorRecord {
  return auditedChange(
    db,
    { action: 'mirror.rm', subject: name },
    () => {
      const mirror = requireMirror(db, name);
      db.prepare('DELETE FROM mirror WHERE name = ?').run(name);
      return { result: mirror, details: mirrorDetails(mirror) };
    },
    env,
  );
}
