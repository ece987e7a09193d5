// The audit log travels with the medium: after each import and deploy, every
// row this station wrote is copied to <cache>/airlock-audit/<site>-<station>.jsonl,
// one stored row (hash and prev_hash included) per line, so a lost laptop
// loses no audit rows and the copy can be verified on its own
// (`airlock audit verify --copy FILE`). The copy only grows: rows already on
// the medium are kept as they are, new ones added after them, and the whole
// file is written under a temporary name and renamed into place, so a pulled
// stick leaves the old copy or the new one. A database whose rows no longer
// match the copy (rewritten, or replaced) never overwrites it: the copy is
// the evidence.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appendAudit, type StoredAuditRow } from '../db/audit-log';
import type { SiteDb } from '../db/open-database';
import { requireSite } from '../db/site-store';
import { writeFileDurably } from '../files/durable-write';
import { stationId } from './station-id';

export const AUDIT_COPY_DIR = 'airlock-audit';

export interface AuditCopy {
  readonly file: string;
  /** Rows in the copy now. */
  readonly rows: number;
  /** Rows added this time. */
  readonly added: number;
}

export class AuditCopyMismatchError extends Error {
  override readonly name = 'AuditCopyMismatchError';
}

/** Where this station's copy of the audit log lives on the medium at `cacheRoot`. */
export function auditCopyPath(cacheRoot: string, site: string, station: string): string {
  return join(cacheRoot, AUDIT_COPY_DIR, `${site}-${station}.jsonl`);
}

/** The rows of a copy, in order; a line that is not a row throws, naming its line. */
export function readAuditCopy(file: string): StoredAuditRow[] {
  const text = readFileSync(file, 'utf8');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line, i) => {
      try {
        return JSON.parse(line) as StoredAuditRow;
      } catch {
        throw new AuditCopyMismatchError(`${file}: line ${i + 1} is not an audit row`);
      }
    });
}

const lineOf = (r: StoredAuditRow): string =>
  JSON.stringify({
    id: r.id,
    time: r.time,
    os_user: r.os_user,
    action: r.action,
    subject: r.subject,
    outcome: r.outcome,
    details: r.details,
    prev_hash: r.prev_hash,
    hash: r.hash,
  });

/** Brings the medium's copy up to the database's last row; throws AuditCopyMismatchError when they disagree. */
export async function copyAuditToMedium(db: SiteDb, dataDir: string, cacheRoot: string): Promise<AuditCopy> {
  const file = auditCopyPath(cacheRoot, requireSite(db).name, stationId(dataDir));
  const copied = existsSync(file) ? readAuditCopy(file) : [];
  const rows = db.prepare('SELECT * FROM audit_log ORDER BY id').all() as StoredAuditRow[];
  const last = copied.at(-1);
  if (last !== undefined) {
    const same = rows[copied.length - 1];
    if (same === undefined || same.id !== last.id || same.hash !== last.hash)
      throw new AuditCopyMismatchError(
        `the audit copy ${file} ends at row ${last.id}, which this data folder's log does not hold as it was copied: the copy is kept as it is`,
      );
  }
  const fresh = rows.slice(copied.length);
  if (fresh.length === 0) return { file, rows: copied.length, added: 0 };
  mkdirSync(join(cacheRoot, AUDIT_COPY_DIR), { recursive: true });
  const text = [...copied, ...fresh].map((r) => `${lineOf(r)}\n`).join('');
  await writeFileDurably(file, text);
  return { file, rows: copied.length + fresh.length, added: fresh.length };
}

/** The copy after an import or deploy: never fails the work it follows; a copy that cannot be made is audited (and copied next time). */
export async function copyAuditAfter(db: SiteDb, dataDir: string, cacheRoot: string): Promise<AuditCopy | null> {
  try {
    return await copyAuditToMedium(db, dataDir, cacheRoot);
  } catch (err) {
    appendAudit(db, {
      action: 'audit.copy',
      subject: cacheRoot,
      outcome: 'failed',
      details: { why: err instanceof Error ? err.message : String(err) },
    });
    return null;
  }
}
