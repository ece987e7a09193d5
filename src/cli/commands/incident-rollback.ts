// `airlock incident rollback [HOST…] [--tag TAG] [--latest-deployment] --reason TEXT
// [--canary] [--parallel N] [--confirm-timeout S] [--json]` (issue 6): bring
// the chosen hosts back to their last known good generation, print the plan
// with preflight, progress on a terminal, the summary and the report's path.
// Exit 1 unless every host runs its last known good generation at the end.
import type { Command, CommandContext } from '../command';
import { RefusedError, UsageError } from '../cli-error';
import { ACTIVATION_HELP, ACTIVATION_OPTIONS, activationChoice, withProgress } from '../host-operations';
import { printIncidentPlan, printIncidentSummary, statusWords } from '../incident-output';
import { optionalString, positiveInteger, requiredString } from '../options';
import { printJson, printLine } from '../output';
import type { IncidentSelection } from '../../main/core/usecases/incident';
/** The use cases, imported when a command runs: `--help` loads none of the engine. */
const useCases = () => import('../../main/core/usecases/incident');

function selectionOf(ctx: CommandContext): IncidentSelection {
  const tag = optionalString(ctx, 'tag');
  const latest = ctx.options['latest-deployment'] === true;
  if ([ctx.positionals.length > 0, tag !== undefined, latest].filter(Boolean).length !== 1) {
    throw new UsageError('name the hosts, or give --tag TAG, or --latest-deployment (one of the three)');
  }
  if (latest) return { kind: 'latest-deployment' };
  return tag === undefined ? { kind: 'hosts', names: ctx.positionals } : { kind: 'tag', tag };
}

export const incidentRollback: Command = {
  words: ['incident', 'rollback'],
  usage:
    'incident rollback [HOST…] [--tag TAG] [--latest-deployment] --reason TEXT [--canary] [--parallel N] [--confirm-timeout SECONDS] [--json]',
  summary: 'bring hosts back to their last known good generation (confirmed healthy before the latest change), with a record and a report',
  positionals: [0, Number.MAX_SAFE_INTEGER],
  options: {
    tag: { type: 'string' },
    'latest-deployment': { type: 'boolean' },
    reason: { type: 'string' },
    canary: { type: 'boolean' },
    parallel: { type: 'string' },
    ...ACTIVATION_OPTIONS,
  },
  optionHelp: {
    tag: { value: 'TAG', does: 'every host with this tag' },
    'latest-deployment': { does: 'every host the latest deployment changed' },
    reason: { value: 'TEXT', does: 'what is wrong, for the record and the report (required)' },
    canary: { does: 'roll back one host first, and the others only when it is healthy', default: 'all at once' },
    parallel: { value: 'N', does: 'how many hosts at once', default: '8' },
    ...ACTIVATION_HELP,
  },
  async run(ctx) {
    const reason = requiredString(ctx, 'reason').trim();
    if (reason === '') throw new UsageError('--reason must say what is wrong');
    const selection = selectionOf(ctx);
    const parallel = positiveInteger(optionalString(ctx, 'parallel') ?? '8', '--parallel must be a whole number');
    const choice = activationChoice(ctx);
    if (choice.magicRollback === false)
      throw new UsageError('an incident rollback always confirms each host and runs its health checks: --no-magic-rollback is refused');
    const { prepareIncident, rolledBack } = await useCases();
    const prepared = prepareIncident(ctx.uc, {
      ...choice,
      selection,
      reason,
      mode: ctx.options.canary === true ? 'canary' : 'parallel',
      parallel,
    });
    const run = await withProgress(ctx, (hooks) =>
      prepared.run({ ...hooks, onPlan: (plans, incident) => (ctx.global.json ? undefined : printIncidentPlan(ctx, incident, plans)) }),
    );
    if (ctx.global.json) printJson(ctx, run);
    else {
      printIncidentSummary(ctx, run.incident);
      printLine(ctx, `report: ${run.reportFile}`);
    }
    const bad = run.incident.hosts.filter((h) => !rolledBack(h));
    if (bad.length > 0) {
      const words = bad.map((h) => `${h.host} ${statusWords(h)}: ${h.reason ?? ''}`.trim());
      throw new RefusedError(
        `${bad.length} of ${run.incident.hosts.length} host(s) were not rolled back: ${words.join('; ')} (report: ${run.reportFile})`,
      );
    }
  },
};
