// The audit log: read it (filtered), and check that nobody rewrote it. Reading
// needs no site: refused `site init` attempts are in the log too.
import { listAudit, type AuditRow } from '../db/audit-log';
import { verifyAuditChain, verifyAuditRows, type AuditVerdict } from '../db/audit-verify';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AUDIT_COPY_DIR, readAuditCopy } from '../operations/audit-copy';
import { getIncident } from '../db/incidents';
import { incidentAuditRows } from '../incident/incident-report-file';
import { parseRfc3339 } from '../../../shared/rfc3339';
import type { UseCaseContext } from './context';
import { BadInputError, NoCacheChosenError } from './refusals';

export type { AuditRow } from '../db/audit-log';
export type { AuditVerdict } from '../db/audit-verify';

export interface AuditQuery {
  /** RFC 3339, or a date (YYYY-MM-DD: the start of that day, UTC, as the log's times are); rows at or after it. */
  readonly since?: string;
  /** An action prefix: 'host' matches host.add and host.rm. */
  readonly action?: string;
  readonly outcome?: AuditRow['outcome'];
  /** Free text matched against subject, user, action and details. */
  readonly text?: string;
  /** Only the rows of this incident: its start and end, and its hosts' rollbacks and GC roots meanwhile. */
  readonly incident?: number;
}

function sinceDate(text: string | undefined): Date | undefined {
  if (!text) return undefined;
  const ms = parseRfc3339(/^\d{4}-\d\d-\d\d$/.test(text) ? `${text}T00:00:00Z` : text);
  if (ms === undefined)
    throw new BadInputError(`since: '${text}' is not a date (YYYY-MM-DD) or an RFC 3339 time such as 2026-11-20T10:00:00Z`);
  return new Date(ms);
}

function matches(row: AuditRow, q: AuditQuery): boolean {
  if (q.outcome && row.outcome !== q.outcome) return false;
  if (q.action && row.action !== q.action && !row.action.startsWith(`${q.action}.`)) return false;
  const text = q.text?.trim().toLowerCase();
  if (!text) return true;
  return `${row.subject}\n${row.user}\n${row.action}\n${JSON.stringify(row.details)}`.toLowerCase().includes(text);
}

/** The rows that match, oldest first (the order the chain is written and verified in). */
export function readAudit(uc: UseCaseContext, q: AuditQuery = {}): AuditRow[] {
  const since = sinceDate(q.since);
  if (q.incident !== undefined) {
    const rows = incidentAuditRows(uc.db(), getIncident(uc.db(), q.incident));
    return rows.filter((r) => (since === undefined || Date.parse(r.time) >= since.getTime()) && matches(r, q));
  }
  return listAudit(uc.db(), since ? { since } : {}).filter((r) => matches(r, q));
}

export function verifyAudit(uc: UseCaseContext): AuditVerdict {
  return verifyAuditChain(uc.db());
}

/**
 * Checks a copy of the audit log kept on a medium (<cache>/airlock-audit/<site>-<station>.jsonl)
 * on its own, with no database: a replacement station can check a lost one's rows.
 */
export function verifyAuditCopy(file: string): AuditVerdict {
  const path = resolve(file);
  if (!existsSync(path)) throw new BadInputError(`--copy: ${path} does not exist (copies are in <cache>/airlock-audit/)`);
  try {
    return verifyAuditRows(readAuditCopy(path));
  } catch (err) {
    return { ok: false, rows: 0, problem: err instanceof Error ? err.message : String(err) };
  }
}

/** One station's copy of the audit log on the medium, checked. */
export interface AuditCopyVerdict {
  readonly file: string;
  readonly verdict: AuditVerdict;
}

/**
 * Every copy of the audit log on the chosen offline cache's medium
 * (<cache>/airlock-audit/*.jsonl: this station's and any other's), each checked
 * on its own as `audit verify --copy` does. None there is an empty list.
 */
export function verifyAuditCopiesOnMedium(uc: UseCaseContext): { readonly dir: string; readonly copies: AuditCopyVerdict[] } {
  const root = uc.cacheRoot();
  if (!root) throw new NoCacheChosenError();
  const dir = join(root, AUDIT_COPY_DIR);
  const files = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.jsonl'))
        .sort()
    : [];
  return { dir, copies: files.map((f) => ({ file: join(dir, f), verdict: verifyAuditCopy(join(dir, f)) })) };
}
