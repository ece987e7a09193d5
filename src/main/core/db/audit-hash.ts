// The hash that chains audit rows. It covers every field of the row, its id
// included (so rows cannot be swapped or renumbered), and the previous row's
// hash (so none can be removed or slipped in between). The canonical form is a
// JSON array in a fixed order: strings and integers serialise one way only.
import { createHash } from 'node:crypto';

export const AUDIT_HASH_FORMAT = 'airlock-audit/1';

/** prev_hash of the first row. */
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditHashFields {
  readonly id: number;
  readonly time: string;
  readonly osUser: string;
  readonly action: string;
  readonly subject: string;
  readonly outcome: string;
  /** The JSON text exactly as stored. */
  readonly details: string;
  readonly prevHash: string;
}

export function auditRowHash(row: AuditHashFields): string {
  const canonical = JSON.stringify([
    AUDIT_HASH_FORMAT,
    row.id,
    row.time,
    row.osUser,
    row.action,
    row.subject,
    row.outcome,
    row.details,
    row.prevHash,
  ]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
