// `airlock incident ls` and `airlock incident report ID [--out FILE]`: the
// incidents on record, and one's Markdown report, rendered again from the
// record and the audit rows (the same text the run saved).
import { writeFileSync } from 'node:fs';
import type { Command } from '../command';
import { optionalString, positional, positiveInteger } from '../options';
import { printJson, printLine } from '../output';
import { formatTable } from '../table';
/** The use cases, imported when a command runs: `--help` loads none of the engine. */
const useCases = () => import('../../main/core/usecases/incident');

const ls: Command = {
  words: ['incident', 'ls'],
  usage: 'incident ls [--json]',
  summary: 'the incidents on record, newest first',
  positionals: 0,
  async run(ctx) {
    const { listIncidents, rolledBack } = await useCases();
    const incidents = listIncidents(ctx.uc);
    if (ctx.global.json) return printJson(ctx, incidents);
    const rows = incidents.map((i) => [
      String(i.id),
      i.startedAt,
      i.operator,
      i.outcome,
      `${i.hosts.filter(rolledBack).length}/${i.hosts.length}`,
      i.reason.replace(/\s+/g, ' '),
    ]);
    ctx.stdout.write(formatTable(['ID', 'STARTED', 'OPERATOR', 'OUTCOME', 'BACK', 'REASON'], rows));
  },
};

const report: Command = {
  words: ['incident', 'report'],
  usage: 'incident report ID [--out FILE]',
  summary: "an incident's Markdown report: timeline, reason, operator, hosts, generations before and after, health checks",
  positionals: 1,
  options: { out: { type: 'string' } },
  optionHelp: { out: { value: 'FILE', does: 'write the report to this file', default: 'stdout' } },
  async run(ctx) {
    const id = positiveInteger(positional(ctx, 0, 'ID'), 'ID must be an incident number (see `airlock incident ls`)');
    const out = optionalString(ctx, 'out');
    const { incidentReport } = await useCases();
    const text = incidentReport(ctx.uc, id).markdown;
    if (out === undefined) return void ctx.stdout.write(text);
    writeFileSync(out, text);
    printLine(ctx, `wrote the report of incident ${id} to ${out}`);
  },
};

export const INCIDENT_RECORD_COMMANDS: readonly Command[] = [ls, report];
