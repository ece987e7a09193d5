// Appending to and reading the audit log. There is no update or delete here, and
// the table's triggers refuse them from anyone else (migration 003).
import type { SiteDb } from './open-database';
import { auditRowHash, GENESIS_HASH } from './audit-hash';
import { formatRfc3339 } from '../../../shared/rfc3339';
import { systemEnv, type StoreEnv } from './store-env';

export type AuditOutcome = 'ok' | 'refused' | 'failed';

export interface AuditEntry {
  /** What was done, as `area.verb`: 'site.init', 'trust.add', 'bundle.accept'. */
  readonly action: string;
  /** What it was done to: a site, a key name, a host. */
  readonly subject: string;
  readonly outcome: AuditOutcome;
  /** Anything else worth keeping; stored as JSON text. */
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface AuditRow {
  readonly id: number;
  readonly time: string;
  readonly user: string;
  readonly action: string;
  readonly subject: string;
  readonly outcome: AuditOutcome;
  readonly details: unknown;
  readonly prevHash: string;
  readonly hash: string;
}

export interface StoredAuditRow {
  readonly id: number;
  readonly time: string;
  readonly os_user: string;
  readonly action: string;
  readonly subject: string;
  readonly outcome: AuditOutcome;
  readonly details: string;
  readonly prev_hash: string;
  readonly hash: string;
}

/** Told of every row this process appends to a database, once it is written. */
export type AuditListener = (row: AuditRow) => void;
const listeners = new WeakMap<SiteDb, Set<AuditListener>>();

/**
 * Calls `listener` after each row appended to `db`: the faces' "the log changed" event follows the write
 * itself, so no caller has to remember to announce it. Returns the way to stop.
 */
export function onAuditAppended(db: SiteDb, listener: AuditListener): () => void {
  const set = listeners.get(db) ?? new Set<AuditListener>();
  listeners.set(db, set.add(listener));
  return () => set.delete(listener);
}

/** Appends one row and returns it. Runs in (or as) a write transaction, so the chain has no forks. */
export function appendAudit(db: SiteDb, entry: AuditEntry, env: StoreEnv = systemEnv): AuditRow {
  const append = db.transaction((): StoredAuditRow => {
    const last = db.prepare('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as { id: number; hash: string } | undefined;
    const fields = {
      id: (last?.id ?? 0) + 1,
      time: formatRfc3339(env.now()),
      osUser: env.user(),
      action: entry.action,
      subject: entry.subject,
      outcome: entry.outcome,
      details: JSON.stringify(entry.details ?? {}),
      prevHash: last?.hash ?? GENESIS_HASH,
    };
    const row: StoredAuditRow = {
      id: fields.id,
      time: fields.time,
      os_user: fields.osUser,
      action: fields.action,
      subject: fields.subject,
      outcome: fields.outcome,
      details: fields.details,
      prev_hash: fields.prevHash,
      hash: auditRowHash(fields),
    };
    db.prepare(
      `INSERT INTO audit_log (id, time, os_user, action, subject, outcome, details, prev_hash, hash)
       VALUES (@id, @time, @os_user, @action, @subject, @outcome, @details, @prev_hash, @hash)`,
    ).run(row);
    return row;
  });
  const written = toAuditRow(append.immediate());
  for (const listener of listeners.get(db) ?? []) listener(written);
  return written;
}

export function toAuditRow(row: StoredAuditRow): AuditRow {
  let details: unknown;
  try {
    details = JSON.parse(row.details);
  } catch {
    details = row.details;
  }
  return {
    id: row.id,
    time: row.time,
    user: row.os_user,
    action: row.action,
    subject: row.subject,
    outcome: row.outcome,
    details,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** Rows in the order they were written; with `since`, only those at or after it. */
export function listAudit(db: SiteDb, options: { readonly since?: Date } = {}): readonly AuditRow[] {
  // Stored times are all formatRfc3339's fixed-width UTC form, so text order is time order.
  const rows = options.since
    ? db.prepare('SELECT * FROM audit_log WHERE time >= ? ORDER BY id').all(formatRfc3339(options.since))
    : db.prepare('SELECT * FROM audit_log ORDER BY id').all();
  return (rows as StoredAuditRow[]).map(toAuditRow);
}
