// Walks the audit chain and names the first row where it breaks: an edited row
// (its hash no longer matches its fields), a deleted one (a gap in the ids, or
// SQLite remembering a higher id than any left), an inserted or reordered one
// (a prev_hash that does not match the row before). The chain cannot stop
// someone who rewrites every later row as well; it makes casual or partial
// tampering visible, which the triggers alone cannot once they are dropped.
import type { SiteDb } from './open-database';
import type { StoredAuditRow } from './audit-log';
import { auditRowHash, GENESIS_HASH } from './audit-hash';

export interface AuditVerdict {
  readonly ok: boolean;
  /** Rows read. */
  readonly rows: number;
  /** The id where the damage starts, when it can be placed. */
  readonly firstBadRow?: number;
  readonly problem?: string;
}

const GUARDS = ['audit_log_no_update', 'audit_log_no_delete'];

function checkRow(row: StoredAuditRow, expectedId: number, prevHash: string): string | undefined {
  if (row.id !== expectedId) {
    return row.id > expectedId
      ? `row ${expectedId} is missing: the log jumps from row ${expectedId - 1} to row ${row.id} (rows were deleted)`
      : `row ${row.id} is out of place after row ${expectedId - 1}`;
  }
  if (row.prev_hash !== prevHash) {
    return `row ${row.id} does not follow on from row ${row.id - 1} (a row was deleted, inserted or rewritten before it)`;
  }
  const recomputed = auditRowHash({ ...row, osUser: row.os_user, prevHash: row.prev_hash });
  if (recomputed !== row.hash) return `row ${row.id} was changed after it was written (its hash does not match its contents)`;
  return undefined;
}

/** Walks rows from the first on; the verdict on the chain alone. */
export function verifyAuditRows(all: Iterable<StoredAuditRow>): AuditVerdict {
  let rows = 0;
  let prevHash = GENESIS_HASH;
  for (const row of all) {
    const expectedId = rows + 1;
    rows += 1;
    const problem = checkRow(row, expectedId, prevHash);
    if (problem) return { ok: false, rows, firstBadRow: Math.min(row.id, expectedId), problem };
    prevHash = row.hash;
  }
  return { ok: true, rows };
}

export function verifyAuditChain(db: SiteDb): AuditVerdict {
  const chain = verifyAuditRows(db.prepare('SELECT * FROM audit_log ORDER BY id').iterate() as IterableIterator<StoredAuditRow>);
  if (!chain.ok) return chain;
  const rows = chain.rows;
  const highest = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'").pluck().get() as number | undefined;
  if (highest !== undefined && highest > rows) {
    const which = highest === rows + 1 ? `row ${highest} was` : `rows ${rows + 1} to ${highest} were`;
    return { ok: false, rows, firstBadRow: rows + 1, problem: `${which} deleted from the end of the log` };
  }
  const guards = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'`).pluck().all() as string[];
  const missing = GUARDS.filter((g) => !guards.includes(g));
  if (missing.length > 0) {
    return {
      ok: false,
      rows,
      problem: `the audit log's append-only guards were removed (${missing.join(', ')}): someone changed the database by hand`,
    };
  }
  return { ok: true, rows };
}
