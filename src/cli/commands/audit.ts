// `airlock audit`: read the audit log, and check that nobody rewrote it.
import type { Command } from '../command';
import { optionalString, positiveInteger } from '../options';
import { printJson, printLine } from '../output';
import { RefusedError } from '../cli-error';
import { formatTable } from '../table';
/** The use cases, imported when a command runs: `--help` loads none of the engine. */
const useCases = () => import('../../main/core/usecases/audit');

export const auditList: Command = {
  words: ['audit'],
  usage: 'audit [--json] [--since RFC3339] [--incident N]',
  summary: 'who changed what and when: trust, bundles, deployments (oldest first)',
  options: { since: { type: 'string' }, incident: { type: 'string' } },
  optionHelp: {
    since: { value: 'RFC3339', does: 'only rows from this time on, e.g. 2026-11-20T10:00:00Z', default: 'every row' },
    incident: {
      value: 'N',
      does: "only incident N's rows: its start and end, its hosts' rollbacks and GC roots (see `airlock incident ls`)",
      default: 'every row',
    },
  },
  positionals: 0,
  async run(ctx) {
    const since = optionalString(ctx, 'since');
    const { readAudit } = await useCases();
    const incidentText = optionalString(ctx, 'incident');
    const incident =
      incidentText === undefined
        ? undefined
        : positiveInteger(incidentText, '--incident must be an incident number (see `airlock incident ls`)');
    const rows = readAudit(ctx.uc, { ...(since === undefined ? {} : { since }), ...(incident === undefined ? {} : { incident }) });
    if (ctx.global.json) return printJson(ctx, rows);
    if (rows.length === 0) return printLine(ctx, since ? 'no audit entries since then' : 'the audit log is empty');
    const cells = rows.map((r) => [String(r.id), r.time, r.user, r.outcome, r.action, r.subject, JSON.stringify(r.details)]);
    ctx.stdout.write(formatTable(['ID', 'TIME', 'USER', 'OUTCOME', 'ACTION', 'SUBJECT', 'DETAILS'], cells));
  },
};

export const auditVerify: Command = {
  words: ['audit', 'verify'],
  usage: 'audit verify [--copy FILE] [--json]',
  summary: 'check the hash chain of the audit log; names the first row that was changed, removed or inserted',
  options: { copy: { type: 'string' } },
  optionHelp: {
    copy: {
      value: 'FILE',
      does: "check a copy kept on a medium instead (<cache>/airlock-audit/<site>-<station>.jsonl), e.g. a lost station's",
      default: "this data folder's log",
    },
  },
  positionals: 0,
  async run(ctx) {
    const { verifyAudit, verifyAuditCopy } = await useCases();
    const copy = optionalString(ctx, 'copy');
    const verdict = copy === undefined ? verifyAudit(ctx.uc) : verifyAuditCopy(copy);
    const what = copy === undefined ? 'audit log' : `audit copy ${copy}`;
    if (ctx.global.json) printJson(ctx, verdict);
    if (!verdict.ok) {
      const where = verdict.firstBadRow === undefined ? '' : ` at row ${verdict.firstBadRow}`;
      throw new RefusedError(`${what} damaged${where}: ${verdict.problem ?? 'unknown problem'}`);
    }
    if (!ctx.global.json) printLine(ctx, `${what} intact: ${verdict.rows} rows`);
  },
};

export const AUDIT_COMMANDS: readonly Command[] = [auditList, auditVerify];
