// `airlock deploy [HOST…] [--all | --tag TAG] [--bundle SEQUENCE|latest] …`
// (cli.md "Deploying and rolling back"): each host gets the system the bundle
// names for it, sent from the offline cache (only what it lacks), made a
// generation and activated, with magic rollback unless turned off.
import type { Command, CommandContext } from '../command';
import { UsageError } from '../cli-error';
import { ACTIVATION_HELP, ACTIVATION_OPTIONS, activationChoice, reportOutcomes, withProgress } from '../host-operations';
import { optionalString, positiveInteger } from '../options';
import { printPlan } from '../deploy-plan-output';
import type { ActivationAction, HostChoice, WaveState } from '../../main/core/usecases/deploy';
import type { HostOutcome } from '../../main/core/usecases/run-hooks';
/** The use cases, imported when a command runs: `--help` loads none of the engine. */
const useCases = () => import('../../main/core/usecases/deploy');

function hostChoice(ctx: CommandContext): HostChoice {
  const tag = optionalString(ctx, 'tag');
  const all = ctx.options.all === true;
  if ([ctx.positionals.length > 0, all, tag !== undefined].filter(Boolean).length !== 1) {
    throw new UsageError('name the hosts to deploy, or give --all, or --tag TAG (one of the three)');
  }
  if (all) return { kind: 'all' };
  return tag === undefined ? { kind: 'names', names: ctx.positionals } : { kind: 'tag', tag };
}

function actionOf(ctx: CommandContext, ACTIVATION_ACTIONS: readonly ActivationAction[]): { action?: ActivationAction } {
  const action = optionalString(ctx, 'action');
  if (action === undefined) return {};
  if (!(ACTIVATION_ACTIONS as readonly string[]).includes(action))
    throw new UsageError(`--action must be one of ${ACTIVATION_ACTIONS.join(', ')}, not '${action}'`);
  return { action: action as ActivationAction };
}

function nonNegativeInteger(text: string, mustBe: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(mustBe);
  return Number(text);
}

const WAVE_WORDS = { waiting: 'waiting', running: 'running', finished: 'finished', 'not-started': 'not started' } as const;

/** The waves before the result table, so the hosts a stopped rollout did not touch stand out. */
function printWaves(ctx: CommandContext, waves: readonly WaveState[]): void {
  if (ctx.global.json) return;
  for (const w of waves)
    ctx.stdout.write(
      `wave ${w.number} (${w.hosts.length} host${w.hosts.length === 1 ? '' : 's'}): ${WAVE_WORDS[w.status]}: ${w.hosts.join(', ')}\n`,
    );
}

/** --json with --waves: the waves, every host's outcome, and the hosts not touched, named. */
const wavesJson = (waves: readonly WaveState[], outcomes: readonly HostOutcome[]) => ({
  waves,
  outcomes,
  notTouched: outcomes.filter((o) => o.outcome === 'not-started').map((o) => o.host),
});

export const deploy: Command = {
  words: ['deploy'],
  usage:
    'deploy [HOST…] [--all | --tag TAG] [--bundle SEQUENCE|latest] [--action switch|boot|test|dry-activate] [--confirm-timeout SECONDS] [--no-magic-rollback] [--parallel N] [--waves SPEC] [--max-failed N] [--push-method auto|serve] [--mirror NAME [--mirror-fallback none|push]] [--plan] [--json]',
  summary: 'send each host its system from a bundle in the offline cache (only what it lacks), make it a generation and activate it',
  positionals: [0, Number.MAX_SAFE_INTEGER],
  options: {
    all: { type: 'boolean' },
    tag: { type: 'string' },
    bundle: { type: 'string' },
    action: { type: 'string' },
    parallel: { type: 'string' },
    waves: { type: 'string' },
    'max-failed': { type: 'string' },
    'push-method': { type: 'string' },
    mirror: { type: 'string' },
    'mirror-fallback': { type: 'string' },
    plan: { type: 'boolean' },
    ...ACTIVATION_OPTIONS,
  },
  optionHelp: {
    all: { does: 'every host the bundle carries a system for' },
    tag: { value: 'TAG', does: 'every host with this tag that the bundle carries a system for' },
    bundle: { value: 'SEQUENCE|latest', does: 'which bundle in the offline cache', default: 'latest' },
    action: {
      value: 'switch|boot|test|dry-activate',
      does: 'how to activate: now, at the next boot, now without making it the boot default, or only show what would change; a host NixOS will not switch live (a switch inhibitor changed) ends inhibited, unchanged: use boot, then airlock reboot',
      default: "each system's action in the bundle",
    },
    parallel: { value: 'N', does: 'how many hosts at once', default: '8' },
    waves: {
      value: 'SPEC',
      does: 'roll out in waves: comma-separated wave sizes, each a count or a percentage of the chosen hosts (1,10%,100%), in the order the hosts were named (by name with --tag or --all); the last size repeats; a wave starts when the one before has finished; --json then prints { waves, outcomes, notTouched }',
      default: 'one wave of every host',
    },
    'max-failed': {
      value: 'N',
      does: 'with --waves: when more than N hosts have failed or rolled back, no further wave starts and its hosts are not touched (inhibited hosts do not count)',
      default: '0',
    },
    'push-method': {
      value: 'auto|serve',
      does: 'auto: the host substitutes from the cache through an SSH forward, else nix-store --serve; serve: nix-store --serve only',
      default: 'auto',
    },
    mirror: {
      value: 'NAME',
      does: "each host pulls its system from this site mirror's URL (airlock mirror ls), trusting only the site's keys and no other substituter; the laptop sends the command and the activation, not the NARs",
    },
    'mirror-fallback': {
      value: 'none|push',
      does: 'with --mirror: push: a host that cannot pull from the mirror is sent its system from the laptop; none: it fails, saying why, and the others go on',
      default: 'none',
    },
    plan: { does: 'show what each host would get (paths, bytes, reboot needed) and change nothing' },
    ...ACTIVATION_HELP,
  },
  async run(ctx) {
    const { ACTIVATION_ACTIONS, DEFAULT_PARALLEL, planDeployment, prepareDeploy } = await useCases();
    const which = optionalString(ctx, 'bundle') ?? 'latest';
    const bundle = which === 'latest' ? 'latest' : positiveInteger(which, '--bundle must be a sequence number or latest');
    const parallel = positiveInteger(optionalString(ctx, 'parallel') ?? String(DEFAULT_PARALLEL), '--parallel must be a whole number');
    const pushMethod = optionalString(ctx, 'push-method') ?? 'auto';
    if (pushMethod !== 'auto' && pushMethod !== 'serve') throw new UsageError(`--push-method must be auto or serve, not '${pushMethod}'`);
    const mirror = optionalString(ctx, 'mirror');
    const mirrorFallback = optionalString(ctx, 'mirror-fallback');
    if (mirrorFallback !== undefined && mirror === undefined) throw new UsageError('--mirror-fallback goes with --mirror NAME');
    if (mirrorFallback !== undefined && mirrorFallback !== 'none' && mirrorFallback !== 'push')
      throw new UsageError(`--mirror-fallback must be none or push, not '${mirrorFallback}'`);
    const target = { bundle, hosts: hostChoice(ctx), ...actionOf(ctx, ACTIVATION_ACTIONS) } as const;
    const choice = activationChoice(ctx);
    if (ctx.options.plan === true) return printPlan(ctx, await planDeployment(ctx.uc, target));
    const waves = optionalString(ctx, 'waves');
    const maxFailedText = optionalString(ctx, 'max-failed');
    if (maxFailedText !== undefined && waves === undefined) throw new UsageError('--max-failed goes with --waves SPEC');
    const maxFailed =
      maxFailedText === undefined
        ? undefined
        : nonNegativeInteger(maxFailedText, `--max-failed must be a whole number of hosts, 0 or more, not '${maxFailedText}'`);
    const prepared = await prepareDeploy(ctx.uc, {
      ...target,
      ...choice,
      parallel,
      pushMethod,
      ...(waves === undefined ? {} : { waves }),
      ...(maxFailed === undefined ? {} : { maxFailed }),
      ...(mirror === undefined ? {} : { mirror }),
      ...(mirrorFallback === undefined ? {} : { mirrorFallback }),
    });
    let states: readonly WaveState[] = [];
    const outcomes = await withProgress(ctx, (hooks) => prepared.run({ ...hooks, onWaves: (w) => (states = w) }));
    if (waves === undefined) return reportOutcomes(ctx, outcomes);
    printWaves(ctx, states);
    reportOutcomes(ctx, outcomes, wavesJson(states, outcomes));
  },
};
