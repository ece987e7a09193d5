// The audit log as the Audit screen filters and exports it.
import { z } from 'zod';

export const auditOutcome = z.enum(['ok', 'refused', 'failed']);

export const auditRow = z.object({
  id: z.number().int(),
  time: z.string(),
  user: z.string(),
  action: z.string(),
  subject: z.string(),
  outcome: auditOutcome,
  details: z.unknown(),
});
export type AuditRowView = z.infer<typeof auditRow>;

export const auditFilter = z.object({
  /** RFC 3339 or a date (YYYY-MM-DD); rows at or after it. */
  since: z.string().max(40).optional(),
  /** An action prefix: 'host' matches host.add and host.rm. */
  action: z.string().max(64).optional(),
  outcome: auditOutcome.optional(),
  /** Free text matched against subject, user and details. */
  text: z.string().max(200).optional(),
  /** Only the rows of this incident (its own, and its hosts' rollbacks meanwhile). */
  incident: z.number().int().positive().optional(),
});
export type AuditFilter = z.infer<typeof auditFilter>;

/** The hash chain checked: intact, or the first row where it breaks and how. */
export const auditVerdict = z.object({
  ok: z.boolean(),
  rows: z.number().int(),
  firstBadRow: z.number().int().nullable(),
  problem: z.string().nullable(),
});
export type AuditVerdictView = z.infer<typeof auditVerdict>;

/** The copies of the audit log on the medium (<cache>/airlock-audit/), each checked on its own. */
export const auditCopiesVerdict = z.object({
  dir: z.string(),
  copies: z.array(z.object({ file: z.string(), verdict: auditVerdict })),
});
export type AuditCopiesVerdictView = z.infer<typeof auditCopiesVerdict>;

export const auditExport = z.object({
  fileName: z.string(),
  mimeType: z.string(),
  content: z.string(),
});
export type AuditExportView = z.infer<typeof auditExport>;
