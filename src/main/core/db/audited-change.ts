// A change to the site together with its audit row, in one write transaction:
// either both are stored or neither. A refused change still leaves a row saying
// so, written after the change's own transaction has rolled back.
import type { SiteDb } from './open-database';
import { appendAudit, type AuditEntry } from './audit-log';
import { SiteRefusal } from './db-errors';
import { formatRfc3339 } from '../../../shared/rfc3339';
import { systemEnv, type StoreEnv } from './store-env';

export interface ChangeRecord {
  readonly action: string;
  readonly subject: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * `change` gets the one moment the change happens at (its rows and its audit row
 * share it) and may return extra details for the 'ok' row alongside its result.
 */
export function auditedChange<T>(
  db: SiteDb,
  record: ChangeRecord,
  change: (at: string) => { readonly result: T; readonly details?: Readonly<Record<string, unknown>> },
  env: StoreEnv = systemEnv,
): T {
  const moment = env.now();
  const once: StoreEnv = { now: () => moment, user: env.user };
  const entry = (outcome: AuditEntry['outcome'], more: Readonly<Record<string, unknown>> = {}): AuditEntry => ({
    action: record.action,
    subject: record.subject,
    outcome,
    details: { ...record.details, ...more },
  });
  try {
    // IMMEDIATE: the checks inside `change` read what they then write; holding
    // the write lock from the start keeps another Airlock from slipping between.
    return db
      .transaction(() => {
        const done = change(formatRfc3339(moment));
        appendAudit(db, entry('ok', done.details), once);
        return done.result;
      })
      .immediate();
  } catch (err) {
    const outcome = err instanceof SiteRefusal ? 'refused' : 'failed';
    try {
      appendAudit(db, entry(outcome, { reason: err instanceof Error ? err.message : String(err) }), once);
    } catch {
      // The database itself may be what failed; the original error says more.
    }
    throw err;
  }
}
