// The generation_mark table (migration 010): adoptions and bad marks, each
// written together with its audit row. A bad mark names the system (number
// and store path), so a number Nix later reuses for another system is not bad.
import type { SiteDb } from './open-database';
import { auditedChange } from './audited-change';
import { SiteRefusal } from './db-errors';
import { systemEnv, type StoreEnv } from './store-env';

export interface GenerationMark {
  readonly id: number;
  readonly host: string;
  readonly generation: number;
  readonly toplevel: string;
  readonly mark: 'adopted' | 'bad';
  readonly reason: string | null;
  readonly operator: string;
  readonly at: string;
  /** The newest deployment row when the mark was made: where it sits among the deployment records. */
  readonly afterDeployment: number;
}

interface Row {
  readonly id: number;
  readonly host: string;
  readonly generation: number;
  readonly toplevel: string;
  readonly mark: 'adopted' | 'bad';
  readonly reason: string | null;
  readonly operator: string;
  readonly at: string;
  readonly after_deployment: number;
}

const fromRow = (r: Row): GenerationMark => ({
  id: r.id,
  host: r.host,
  generation: r.generation,
  toplevel: r.toplevel,
  mark: r.mark,
  reason: r.reason,
  operator: r.operator,
  at: r.at,
  afterDeployment: r.after_deployment,
});

export interface MarkedSystem {
  readonly host: string;
  readonly generation: number;
  readonly toplevel: string;
}

/** Newest first. */
export function listMarks(db: SiteDb, host: string, mark: GenerationMark['mark']): GenerationMark[] {
  return (db.prepare('SELECT * FROM generation_mark WHERE host = ? AND mark = ? ORDER BY id DESC').all(host, mark) as Row[]).map(fromRow);
}

export function isMarkedBad(db: SiteDb, s: MarkedSystem): boolean {
  return (
    db
      .prepare(`SELECT 1 FROM generation_mark WHERE host = ? AND mark = 'bad' AND generation = ? AND toplevel = ? LIMIT 1`)
      .get(s.host, s.generation, s.toplevel) !== undefined
  );
}

function insertMark(db: SiteDb, s: MarkedSystem, mark: GenerationMark['mark'], reason: string | null, at: string, env: StoreEnv): void {
  const newest = db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM deployment').get() as { id: number };
  db.prepare(
    `INSERT INTO generation_mark (host, generation, toplevel, mark, reason, operator, at, after_deployment) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(s.host, s.generation, s.toplevel, mark, reason, env.user(), at, newest.id);
}

/** Records the generation a host ran, probed healthy, when it was added; writes 'generation.adopt'. */
export function adoptGeneration(db: SiteDb, s: MarkedSystem, env: StoreEnv = systemEnv): void {
  auditedChange(
    db,
    { action: 'generation.adopt', subject: s.host, details: { generation: s.generation, toplevel: s.toplevel } },
    (at) => ({ result: insertMark(db, s, 'adopted', 'running and probed healthy when the host was added', at, env) }),
    env,
  );
}

/** Marks a system bad: it stops counting as known good; writes 'generation.mark-bad'. */
export function markGenerationBad(db: SiteDb, s: MarkedSystem, reason: string | null, env: StoreEnv = systemEnv): void {
  auditedChange(
    db,
    { action: 'generation.mark-bad', subject: s.host, details: { generation: s.generation, toplevel: s.toplevel, reason } },
    (at) => {
      if (isMarkedBad(db, s)) throw new SiteRefusal(`generation ${s.generation} of ${s.host} is already marked bad`);
      return { result: insertMark(db, s, 'bad', reason, at, env) };
    },
    env,
  );
}

/** Takes a bad mark back; writes 'generation.unmark-bad'. Returns how many marks went. */
export function unmarkGenerationBad(db: SiteDb, host: string, generation: number, env: StoreEnv = systemEnv): number {
  return auditedChange(
    db,
    { action: 'generation.unmark-bad', subject: host, details: { generation } },
    () => {
      const gone = db
        .prepare(`DELETE FROM generation_mark WHERE host = ? AND mark = 'bad' AND generation = ?`)
        .run(host, generation).changes;
      if (gone === 0) throw new SiteRefusal(`generation ${generation} of ${host} is not marked bad; nothing to take back`);
      return { result: gone };
    },
    env,
  );
}

/** The system Airlock last recorded as generation `generation` of `host` (a deployment row or an adoption); undefined when none. */
export function recordedSystem(db: SiteDb, host: string, generation: number): string | undefined {
  const row = db
    .prepare(
      `SELECT toplevel FROM (
         SELECT to_toplevel AS toplevel, finished_at AS at FROM deployment WHERE host = @host AND to_generation = @generation AND finished_at IS NOT NULL AND profile IS NULL
         UNION ALL SELECT toplevel, at FROM generation_mark WHERE host = @host AND generation = @generation AND mark = 'adopted'
       ) ORDER BY at DESC LIMIT 1`,
    )
    .get({ host, generation }) as { toplevel: string } | undefined;
  return row?.toplevel;
}
