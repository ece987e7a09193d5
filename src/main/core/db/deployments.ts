// Deployment records (migration 006): a row is written when an operation on a
// host starts and completed when it ends, together with its audit row, so the
// log and the records never disagree. "What ran before" is answered from here.
import type { SiteDb } from './open-database';
import { appendAudit } from './audit-log';
import { formatRfc3339 } from '../../../shared/rfc3339';
import { systemEnv, type StoreEnv } from './store-env';
import { Refusal } from '../refusal-error';

export type DeploymentKind = 'deploy' | 'switch' | 'rollback';
/** inhibited: NixOS refused to switch live because a switch inhibitor changed; nothing changed (migration 013). */
export type DeploymentOutcome = 'running' | 'succeeded' | 'rolled-back' | 'failed' | 'cancelled' | 'inhibited';

export interface NewDeployment {
  readonly host: string;
  readonly kind: DeploymentKind;
  readonly action: 'switch' | 'boot' | 'test' | 'dry-activate';
  /** `<site>-<sequence>` of the bundle deployed from; absent for switch and rollback. */
  readonly bundle?: string;
  readonly reason?: string;
  readonly fromGeneration: number | null;
  readonly fromToplevel: string | null;
  readonly toGeneration: number | null;
  readonly toToplevel: string;
  /** The Nix profile changed, its path on the host; absent for the host's NixOS system (migration 012). */
  readonly profile?: string;
}

export interface DeploymentEnd {
  readonly outcome: Exclude<DeploymentOutcome, 'running'>;
  readonly outcomeReason?: string;
  readonly toGeneration?: number | null;
  /** Health checks passed and the host confirmed over a new connection. */
  readonly confirmed: boolean;
  readonly pushMethod?: string;
  /** With a site mirror: its name and what the host fetched from it (in the audit row only). */
  readonly mirror?: Readonly<Record<string, unknown>>;
  readonly pathsSent: number;
  readonly bytesSent: number;
  readonly pushMs?: number;
  readonly activationMs?: number;
  readonly health: readonly unknown[];
}

export interface Deployment extends NewDeployment {
  readonly id: number;
  readonly operator: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly outcome: DeploymentOutcome;
  readonly outcomeReason: string | null;
  readonly confirmed: boolean;
  readonly pathsSent: number;
  readonly bytesSent: number;
  readonly pushMs: number | null;
  readonly activationMs: number | null;
  /** The station that made it, when another station did (imported from the host's records); absent for this station's own. */
  readonly station?: string;
}

interface Row {
  readonly id: number;
  readonly host: string;
  readonly kind: DeploymentKind;
  readonly action: NewDeployment['action'];
  readonly bundle: string | null;
  readonly operator: string;
  readonly reason: string | null;
  readonly from_generation: number | null;
  readonly from_toplevel: string | null;
  readonly to_generation: number | null;
  readonly to_toplevel: string;
  readonly started_at: string;
  readonly finished_at: string | null;
  readonly outcome: DeploymentOutcome;
  readonly outcome_reason: string | null;
  readonly confirmed: number;
  readonly paths_sent: number;
  readonly bytes_sent: number;
  readonly push_ms: number | null;
  readonly activation_ms: number | null;
  readonly station: string | null;
  /** Absent before migration 012. */
  readonly profile?: string | null;
}

const fromRow = (r: Row): Deployment => ({
  id: r.id,
  host: r.host,
  kind: r.kind,
  action: r.action,
  ...(r.bundle === null ? {} : { bundle: r.bundle }),
  ...(r.reason === null ? {} : { reason: r.reason }),
  operator: r.operator,
  fromGeneration: r.from_generation,
  fromToplevel: r.from_toplevel,
  toGeneration: r.to_generation,
  toToplevel: r.to_toplevel,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  outcome: r.outcome,
  outcomeReason: r.outcome_reason,
  confirmed: r.confirmed === 1,
  pathsSent: r.paths_sent,
  bytesSent: r.bytes_sent,
  pushMs: r.push_ms,
  activationMs: r.activation_ms,
  ...(r.station === null ? {} : { station: r.station }),
  ...(r.profile == null ? {} : { profile: r.profile }),
});

export function startDeployment(db: SiteDb, d: NewDeployment, env: StoreEnv = systemEnv): number {
  // The column exists from migration 012 on; a system's row leaves it out (NULL), as rows did before.
  const [profileColumn, profileValue] = d.profile === undefined ? ['', ''] : [', profile', ', ?'];
  const info = db
    .prepare(
      `INSERT INTO deployment (host, kind, action, bundle, operator, reason, from_generation, from_toplevel, to_generation, to_toplevel, started_at${profileColumn})
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?${profileValue})`,
    )
    .run(
      d.host,
      d.kind,
      d.action,
      d.bundle ?? null,
      env.user(),
      d.reason ?? null,
      d.fromGeneration,
      d.fromToplevel,
      d.toGeneration,
      d.toToplevel,
      formatRfc3339(env.now()),
      ...(d.profile === undefined ? [] : [d.profile]),
    );
  return Number(info.lastInsertRowid);
}

/** Completes the record and writes its audit row in one transaction. */
export function finishDeployment(db: SiteDb, id: number, end: DeploymentEnd, env: StoreEnv = systemEnv): Deployment {
  return db
    .transaction(() => {
      db.prepare(
        `UPDATE deployment SET finished_at = ?, outcome = ?, outcome_reason = ?, to_generation = COALESCE(?, to_generation), confirmed = ?,
           push_method = ?, paths_sent = ?, bytes_sent = ?, push_ms = ?, activation_ms = ?, health = ? WHERE id = ? AND outcome = 'running'`,
      ).run(
        formatRfc3339(env.now()),
        end.outcome,
        end.outcomeReason ?? null,
        end.toGeneration ?? null,
        end.confirmed ? 1 : 0,
        end.pushMethod ?? null,
        end.pathsSent,
        end.bytesSent,
        end.pushMs ?? null,
        end.activationMs ?? null,
        JSON.stringify(end.health),
        id,
      );
      const d = getDeployment(db, id);
      appendAudit(
        db,
        {
          action: `host.${d.kind}`,
          subject: d.host,
          // inhibited: NixOS itself refused the switch (nothing changed), which is a refusal, not a failure.
          outcome: d.outcome === 'succeeded' ? 'ok' : d.outcome === 'inhibited' ? 'refused' : 'failed',
          details: {
            deployment: d.id,
            operator: d.operator,
            action: d.action,
            ...(d.profile === undefined ? {} : { profile: d.profile }),
            bundle: d.bundle ?? null,
            reason: d.reason ?? null,
            from: { generation: d.fromGeneration, toplevel: d.fromToplevel },
            to: { generation: d.toGeneration, toplevel: d.toToplevel },
            outcome: d.outcome,
            why: d.outcomeReason,
            bytesSent: d.bytesSent,
            pathsSent: d.pathsSent,
            pushMs: d.pushMs,
            activationMs: d.activationMs,
            health: end.health,
            ...(end.mirror ? { pushMethod: end.pushMethod ?? null, mirror: end.mirror } : {}),
          },
        },
        env,
      );
      return d;
    })
    .immediate();
}

export function getDeployment(db: SiteDb, id: number): Deployment {
  const row = db.prepare('SELECT * FROM deployment WHERE id = ?').get(id) as Row | undefined;
  if (!row) throw new Refusal(`no deployment ${id}`);
  return fromRow(row);
}

/**
 * Newest first. `profile`: a profile's path gives that profile's rows only, null the NixOS system's
 * only; absent, every row (the history as it happened).
 */
export function listDeployments(
  db: SiteDb,
  options: { readonly host?: string; readonly limit?: number; readonly profile?: string | null } = {},
): Deployment[] {
  const conditions = [
    ...(options.host === undefined ? [] : ['host = @host']),
    ...(options.profile === undefined ? [] : [options.profile === null ? 'profile IS NULL' : 'profile = @profile']),
  ];
  const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
  const rows = db
    .prepare(`SELECT * FROM deployment ${where} ORDER BY id DESC LIMIT @limit`)
    .all({ host: options.host, limit: options.limit ?? -1, profile: options.profile ?? null }) as Row[];
  return rows.map(fromRow);
}

/**
 * The generation that ran before `current` on `host`, by the records: the
 * latest successful deploy or switch that brought `current` in says where it
 * came from. Rollbacks are skipped, so rolling back twice walks back through
 * history instead of bouncing between two generations.
 */
export function recordedPredecessor(db: SiteDb, host: string, current: number): Deployment | undefined {
  const row = db
    .prepare(
      `SELECT * FROM deployment WHERE host = ? AND to_generation = ? AND outcome = 'succeeded' AND kind IN ('deploy', 'switch') AND profile IS NULL
         AND action IN ('switch', 'boot') AND from_generation IS NOT NULL ORDER BY id DESC LIMIT 1`,
    )
    .get(host, current) as Row | undefined;
  return row && fromRow(row);
}

/** The Nix profiles of `host` that deployments have changed, by path, in the order first deployed. */
export function recordedProfiles(db: SiteDb, host: string): string[] {
  const rows = db
    .prepare('SELECT profile FROM deployment WHERE host = ? AND profile IS NOT NULL GROUP BY profile ORDER BY MIN(id)')
    .all(host) as { profile: string }[];
  return rows.map((r) => r.profile);
}

/** Like recordedPredecessor, for one of the host's profiles: what the profile was before `current` came in. */
export function recordedProfilePredecessor(db: SiteDb, host: string, profile: string, current: number): Deployment | undefined {
  const row = db
    .prepare(
      `SELECT * FROM deployment WHERE host = ? AND profile = ? AND to_generation = ? AND outcome = 'succeeded' AND kind IN ('deploy', 'switch')
         AND from_generation IS NOT NULL ORDER BY id DESC LIMIT 1`,
    )
    .get(host, profile, current) as Row | undefined;
  return row && fromRow(row);
}
