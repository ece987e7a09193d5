// What deploy, switch, rollback and incident share on the command line: the
// activation options, Ctrl-C as cancellation, progress on a terminal, and the
// result table (exit 1 unless every host ended on what it was asked for).
import type { CommandContext, OptionHelps, OptionSpec } from './command';
import { RefusedError } from './cli-error';
import { optionalString, positiveInteger } from './options';
import { printJson } from './output';
import { createProgressBar } from './progress-bar';
import { formatTable } from './table';
import { formatBytes } from '../shared/format';
import {
  DEFAULT_ACTIVATION_TIMEOUT_SECONDS,
  DEFAULT_CONFIRM_TIMEOUT_SECONDS,
  isSuccess,
  type HostEvent,
  type HostOutcome,
} from '../main/core/usecases/activation-defaults';
import type { ActivationChoice, RunHooks } from '../main/core/usecases/run-hooks';

export const ACTIVATION_OPTIONS: OptionSpec = {
  'confirm-timeout': { type: 'string' },
  'activation-timeout': { type: 'string' },
  'no-magic-rollback': { type: 'boolean' },
};

export const ACTIVATION_HELP: OptionHelps = {
  'confirm-timeout': {
    value: 'SECONDS',
    does: 'the host restores its previous generation unless Airlock confirms the new one within this time',
    default: `${DEFAULT_CONFIRM_TIMEOUT_SECONDS}`,
  },
  'activation-timeout': {
    value: 'SECONDS',
    does: 'give up waiting for switch-to-configuration after this time',
    default: `${DEFAULT_ACTIVATION_TIMEOUT_SECONDS}`,
  },
  'no-magic-rollback': { does: 'do not wait for confirmation: the new generation stays even if the host cannot be reached again' },
};

export function activationChoice(ctx: CommandContext): ActivationChoice {
  const seconds = (name: string): number | undefined => {
    const text = optionalString(ctx, name);
    return text === undefined ? undefined : positiveInteger(text, `--${name} must be a whole number of seconds`);
  };
  const confirm = seconds('confirm-timeout');
  const activation = seconds('activation-timeout');
  return {
    ...(confirm === undefined ? {} : { confirmTimeoutSeconds: confirm }),
    ...(activation === undefined ? {} : { activationTimeoutSeconds: activation }),
    ...(ctx.options['no-magic-rollback'] === true ? { magicRollback: false } : {}),
  };
}

/** Runs `work` with Ctrl-C (or SIGTERM) as a cancellation and a progress bar on a terminal. */
export async function withProgress<T>(ctx: CommandContext, work: (hooks: RunHooks) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const cancel = (): void => {
    if (!controller.signal.aborted)
      ctx.stderr.write('\nairlock: cancelling: hosts not yet activating are left as they are; activations under way finish first\n');
    controller.abort();
  };
  process.on('SIGINT', cancel);
  process.on('SIGTERM', cancel);
  const bar = createProgressBar(ctx.stderr);
  const latest = new Map<string, HostEvent>();
  const onEvent = (e: HostEvent): void => {
    latest.set(e.host, e);
    const all = [...latest.values()];
    const sum = (f: (x: HostEvent) => number): number => all.reduce((n, x) => n + f(x), 0);
    const busy = all.filter((x) => x.phase !== 'finished' && x.phase !== 'waiting');
    bar.update({
      bytesDone: sum((x) => x.push?.bytesSent ?? 0),
      bytesTotal: sum((x) => x.push?.bytesTotal ?? 0),
      pathsDone: sum((x) => x.push?.pathsSent ?? 0),
      pathsTotal: sum((x) => x.push?.pathsTotal ?? 0),
      phase: busy.map((x) => `${x.host} ${x.phase}`).join(', ') || 'done',
    });
  };
  try {
    return await work({ onEvent, signal: controller.signal });
  } finally {
    bar.finish();
    process.off('SIGINT', cancel);
    process.off('SIGTERM', cancel);
  }
}

const generation = (g: HostOutcome['from']): string => (g.generation === null ? '-' : String(g.generation));
const seconds = (ms: number | null): string => (ms === null ? '-' : `${(ms / 1000).toFixed(1)}s`);

/** What left the laptop; with a mirror, what the host fetched from it instead. */
function sentWords(o: HostOutcome): string {
  const laptop = o.pathsSent ? `${o.pathsSent} paths, ${formatBytes(o.bytesSent)}` : '';
  const m = o.mirror;
  if (!m) return laptop || '-';
  const fetched = m.pathsFetched ? `${m.pathsFetched} paths, ${formatBytes(m.bytesFetched)} from mirror ${m.name}` : '';
  return [fetched, laptop && `${laptop} from the laptop`].filter(Boolean).join('; ') || '-';
}

/**
 * Prints the outcomes (table or --json; `json` replaces the outcomes as the JSON printed), then
 * refuses (exit 1) naming every host that did not get there.
 */
export function reportOutcomes(ctx: CommandContext, outcomes: readonly HostOutcome[], json: unknown = outcomes): void {
  if (ctx.global.json) printJson(ctx, json);
  else {
    const rows = outcomes.map((o) => [
      o.host,
      o.outcome,
      generation(o.from),
      generation(o.to),
      sentWords(o),
      seconds((o.pushMs ?? 0) + (o.activationMs ?? 0)),
      o.rebootNeeded ? 'reboot needed' : (o.reason ?? (o.mirror?.problem ? `pushed from the laptop: ${o.mirror.problem}` : '')),
    ]);
    ctx.stdout.write(formatTable(['HOST', 'OUTCOME', 'FROM', 'TO', 'SENT', 'TIME', 'NOTE'], rows));
  }
  refuseUnlessAllSucceeded(outcomes);
}

/** Exit 1 naming every host that did not get where it was asked to go. */
export function refuseUnlessAllSucceeded(outcomes: readonly HostOutcome[]): void {
  const bad = outcomes.filter((o) => !isSuccess(o));
  if (bad.length > 0) {
    const untouched = bad.filter((o) => o.outcome === 'not-started').map((o) => o.host);
    const words = bad
      .filter((o) => o.outcome !== 'not-started')
      .map((o) => `${o.host} ${o.outcome === 'rolled-back' ? 'rolled back' : o.outcome}: ${o.reason ?? ''}`.trim());
    if (untouched.length > 0) words.push(`not touched (their wave was not started): ${untouched.join(', ')}`);
    throw new RefusedError(`${bad.length} of ${outcomes.length} host(s) did not get there: ${words.join('; ')}`);
  }
}
