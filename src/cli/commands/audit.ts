// `airlock audit`: read the audit log, and check that nobody rewrote it.
import type { Command } from '../command';
import { optionalString } from '../options';
import { printJson, printLine } from '../output';
import { RefusedError, UsageError } from '../cli-error';
import { openDataDatabase, withDatabase } from '../site-context';
import { formatTable } from '../table';
import { listAudit } from '../../main/core/db/audit-log';
import { verifyAuditChain } from '../../main/core/db/audit-verify';
import { parseRfc3339 } from '../../main/core/db/rfc3339';

function sinceOption(text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const ms = parseRfc3339(text);
  if (ms === undefined) throw new UsageError(`--since needs an RFC 3339 time such as 2026-11-20T10:00:00Z, not '${text}'`);
  return new Date(ms);
}

export const auditList: Command = {
  words: ['audit'],
  usage: 'audit [--json] [--since RFC3339]',
  summary: 'who changed what and when: trust, bundles, deployments (oldest first)',
  options: { since: { type: 'string' } },
  optionHelp: { since: { value: 'RFC3339', does: 'only rows from this time on, e.g. 2026-11-20T10:00:00Z', default: 'every row' } },
  positionals: 0,
  async run(ctx) {
    const since = sinceOption(optionalString(ctx, 'since'));
    // Reading the log needs no site: refused `site init` attempts are in it too.
    await withDatabase(openDataDatabase(ctx), (db) => {
      const rows = listAudit(db, since ? { since } : {});
      if (ctx.global.json) return printJson(ctx, rows);
      if (rows.length === 0) return printLine(ctx, since ? 'no audit entries since then' : 'the audit log is empty');
      const cells = rows.map((r) => [String(r.id), r.time, r.user, r.outcome, r.action, r.subject, JSON.stringify(r.details)]);
      ctx.stdout.write(formatTable(['ID', 'TIME', 'USER', 'OUTCOME', 'ACTION', 'SUBJECT', 'DETAILS'], cells));
    });
  },
};

export const auditVerify: Command = {
  words: ['audit', 'verify'],
  usage: 'audit verify [--json]',
  summary: 'check the hash chain of the audit log; names the first row that was changed, removed or inserted',
  positionals: 0,
  async run(ctx) {
    const verdict = await withDatabase(openDataDatabase(ctx), (db) => verifyAuditChain(db));
    if (ctx.global.json) printJson(ctx, verdict);
    if (!verdict.ok) {
      const where = verdict.firstBadRow === undefined ? '' : ` at row ${verdict.firstBadRow}`;
      throw new RefusedError(`audit log damaged${where}: ${verdict.problem ?? 'unknown problem'}`);
    }
    if (!ctx.global.json) printLine(ctx, `audit log intact: ${verdict.rows} rows`);
  },
};

export const AUDIT_COMMANDS: readonly Command[] = [auditList, auditVerify];
