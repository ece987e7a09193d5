// The audit log for the Audit screen: filtered newest first, and exported as
// CSV or JSON. Reading needs no site: refused `site init` attempts are in it too.
import type { ApiHandlers } from '../../../shared/api';
import type { AuditFilter, AuditRowView, AuditVerdictView } from '../../../shared/schemas';
import type { AuditVerdict } from '../usecases/audit';
import type { ServiceContext } from './context';
import { readAudit, verifyAudit, verifyAuditCopiesOnMedium } from '../usecases/audit';

/** The most rows a list shows; an export has them all. */
export const AUDIT_LIST_LIMIT = 1000;

function filtered(ctx: ServiceContext, filter: AuditFilter): AuditRowView[] {
  // Newest first: the operator looks for what just happened.
  return readAudit(ctx.uc, filter)
    .reverse()
    .map(({ id, time, user, action, subject, outcome, details }) => ({ id, time, user, action, subject, outcome, details }));
}

/**
 * One CSV cell. A cell a spreadsheet would run as a formula (=, +, -, @, tab,
 * CR at the start) gets a leading quote: subjects come from hosts and bundles.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function auditCsv(rows: readonly AuditRowView[]): string {
  const header = ['id', 'time', 'user', 'action', 'subject', 'outcome', 'details'];
  const lines = rows.map((r) =>
    [String(r.id), r.time, r.user, r.action, r.subject, r.outcome, JSON.stringify(r.details)].map(csvCell).join(','),
  );
  return `${[header.join(','), ...lines].join('\r\n')}\r\n`;
}

function verdictView({ ok, rows, firstBadRow, problem }: AuditVerdict): AuditVerdictView {
  return { ok, rows, firstBadRow: firstBadRow ?? null, problem: problem ?? null };
}

export function auditHandlers(ctx: ServiceContext): Pick<ApiHandlers, 'auditList' | 'auditExport' | 'auditVerify' | 'auditVerifyCopies'> {
  return {
    auditVerify: async () => verdictView(verifyAudit(ctx.uc)),
    auditVerifyCopies: async () => {
      const { dir, copies } = verifyAuditCopiesOnMedium(ctx.uc);
      return { dir, copies: copies.map(({ file, verdict }) => ({ file, verdict: verdictView(verdict) })) };
    },
    auditList: async (filter) => filtered(ctx, filter).slice(0, AUDIT_LIST_LIMIT),
    auditExport: async ({ format, ...filter }) => {
      // Exported oldest first, the order the chain is written and verified in.
      const rows = filtered(ctx, filter).reverse();
      const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
      return format === 'csv'
        ? { fileName: `airlock-audit-${stamp}.csv`, mimeType: 'text/csv', content: auditCsv(rows) }
        : { fileName: `airlock-audit-${stamp}.json`, mimeType: 'application/json', content: `${JSON.stringify(rows, null, 2)}\n` };
    },
  };
}
