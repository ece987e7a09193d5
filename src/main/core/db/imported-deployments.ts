// Deployment rows read back from a host's own records (a station rebuilding
// its memory after a lost laptop). They go into the same table as the rows
// this station writes, complete, so "last known good", incident rollback and
// cleaning read them like any other. Imported in time order, so the ids keep
// the order the changes happened in.
import type { SiteDb } from './open-database';

export interface ImportedDeployment {
  readonly host: string;
  /** The station that made the change, as the host recorded it. */
  readonly station: string;
  readonly kind: 'deploy' | 'switch' | 'rollback';
  readonly action: 'switch' | 'boot' | 'test' | 'dry-activate';
  readonly bundle: string | null;
  readonly operator: string;
  readonly reason: string | null;
  readonly fromGeneration: number | null;
  readonly fromToplevel: string | null;
  readonly toGeneration: number | null;
  readonly toToplevel: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly outcome: 'succeeded' | 'rolled-back' | 'failed' | 'cancelled' | 'inhibited';
  readonly outcomeReason: string | null;
  readonly confirmed: boolean;
  /** The Nix profile changed; null: the NixOS system. */
  readonly profile: string | null;
}

/** True when `host` already has a row of this change (same start, kind and system): importing twice adds nothing. */
export function hasDeploymentLike(db: SiteDb, d: ImportedDeployment): boolean {
  return (
    db
      .prepare('SELECT 1 FROM deployment WHERE host = ? AND started_at = ? AND kind = ? AND to_toplevel = ? AND profile IS ? LIMIT 1')
      .get(d.host, d.startedAt, d.kind, d.toToplevel, d.profile) !== undefined
  );
}

/** Inserts a finished deployment row as the host recorded it; returns its id. Call inside the import's transaction. */
export function insertImportedDeployment(db: SiteDb, d: ImportedDeployment): number {
  const info = db
    .prepare(
      `INSERT INTO deployment (host, kind, action, bundle, operator, reason, from_generation, from_toplevel, to_generation, to_toplevel,
         started_at, finished_at, outcome, outcome_reason, confirmed, station, profile)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      d.host,
      d.kind,
      d.action,
      d.bundle,
      d.operator,
      d.reason,
      d.fromGeneration,
      d.fromToplevel,
      d.toGeneration,
      d.toToplevel,
      d.startedAt,
      d.finishedAt,
      d.outcome,
      d.outcomeReason,
      d.confirmed ? 1 : 0,
      d.station,
      d.profile,
    );
  return Number(info.lastInsertRowid);
}
