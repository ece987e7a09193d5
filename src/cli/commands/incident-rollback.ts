// `airlock incident rollback [HOST…] [--tag TAG] [--latest-deployment] --reason TEXT
// [--pick HOST=GENERATION…] [--canary] [--parallel N] [--confirm-timeout S] [--json]` (issue 6): bring
// the chosen hosts back to their last known good generation, print the plan
// with preflight, progress on a terminal, the summary and the report's path.
// Exit 1 unless every host runs its last known good generation at the end.
// A host with no NixOS system and one Nix profile goes back on that profile.
import type { Command, CommandContext } from '../command';
import { RefusedError, UsageError } from '../cli-error';
import { ACTIVATION_HELP, ACTIVATION_OPTIONS, activationChoice, withProgress } from '../host-operations';
import { printIncidentPlan, printIncidentSummary, statusWords } from '../incident-output';
import { optionalString, positiveInteger, requiredString } from '../options';
import { printJson, printLine } from '../output';
import { stringList } from '../public-key-arg';
import type { IncidentPicks, IncidentSelection } from '../../main/core/usecases/incident';
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

/** `--pick HOST=GENERATION`, repeated: the operator's target for a host with none confirmed healthy. */
function picksOf(ctx: CommandContext): IncidentPicks | undefined {
  const picks: Record<string, number> = {};
  for (const arg of stringList(ctx, 'pick')) {
    const m = /^([^=\s]+)=(\d+)$/.exec(arg);
    if (!m) throw new UsageError(`--pick ${arg}: write HOST=GENERATION, e.g. --pick plc1=41`);
    const [, host, generation] = m as unknown as [string, string, string];
    if (host in picks) throw new UsageError(`--pick names ${host} twice: pick one generation per host`);
    picks[host] = positiveInteger(generation, `--pick ${arg}: the generation must be a whole number from 1`);
  }
  return Object.keys(picks).length > 0 ? picks : undefined;
}

export const incidentRollback: Command = {
  words: ['incident', 'rollback'],
  usage:
    'incident rollback [HOST…] [--tag TAG] [--latest-deployment] --reason TEXT [--pick HOST=GENERATION…] [--canary] [--parallel N] [--confirm-timeout SECONDS] [--json]',
  summary:
    'bring hosts back to their last known good generation (confirmed healthy before the latest change; on a host that is not NixOS, that of its only Nix profile), with a record and a report',
  positionals: [0, Number.MAX_SAFE_INTEGER],
  options: {
    tag: { type: 'string' },
    'latest-deployment': { type: 'boolean' },
    reason: { type: 'string' },
    pick: { type: 'string', multiple: true },
    canary: { type: 'boolean' },
    parallel: { type: 'string' },
    ...ACTIVATION_OPTIONS,
  },
  optionHelp: {
    tag: { value: 'TAG', does: 'every host with this tag' },
    'latest-deployment': { does: 'every host the latest deployment changed' },
    reason: { value: 'TEXT', does: 'what is wrong, for the record and the report (required)' },
    pick: {
      value: 'HOST=GENERATION',
      does: "the target for a host with no generation confirmed healthy (or to overrule its record); preflight checks it, the record says 'picked'",
    },
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
    const picks = picksOf(ctx);
    if (choice.magicRollback === false)
      throw new UsageError('an incident rollback always confirms each host and runs its health checks: --no-magic-rollback is refused');
    const { prepareIncident, rolledBack } = await useCases();
    const prepared = prepareIncident(ctx.uc, {
      ...choice,
      selection,
      reason,
      mode: ctx.options.canary === true ? 'canary' : 'parallel',
      parallel,
      ...(picks ? { picks } : {}),
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
