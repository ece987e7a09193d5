// Rollouts in waves (`deploy --waves 1,10%,100% --max-failed N`, cli.md
// "Deploying and rolling back"): the chosen hosts, in the order they were
// named, are cut into waves; a wave starts when the one before has finished,
// and once more than N hosts have failed or rolled back no further wave
// starts. Hosts of waves that never started are not touched at all, and say so.
//
// Each entry of SPEC is the size of one wave, as a count or a percentage of
// all chosen hosts (rounded up, at least one host); when hosts remain after
// the last entry, the last size repeats (as Ansible's `serial` does), so
// "1,10%" on 100 hosts is 1, 10, 10, … and "1,100%" is a canary, then the rest.
import type { HostOutcome } from '../operations/host-outcome';
import { earlyOutcome } from '../operations/host-operation';
import { BadInputError } from './refusals';

export type WaveSize = { readonly kind: 'count'; readonly hosts: number } | { readonly kind: 'percent'; readonly percent: number };

const COUNT = /^[1-9]\d*$/;
const PERCENT = /^(\d+(?:\.\d+)?)%$/;

/** "1,10%,100%" as wave sizes; anything else is refused as bad input naming the entry that is wrong. */
export function parseWaves(spec: string): WaveSize[] {
  const entries = spec.split(',').map((e) => e.trim());
  if (spec.trim() === '') throw new BadInputError('--waves needs a comma-separated list of host counts or percentages, e.g. 1,10%,100%');
  return entries.map((entry, i): WaveSize => {
    const where = `--waves entry ${i + 1}`;
    if (entry === '')
      throw new BadInputError(`${where} is empty: give a count of hosts (e.g. 1) or a percentage (e.g. 10%) between the commas`);
    if (COUNT.test(entry)) return { kind: 'count', hosts: Number(entry) };
    const percent = PERCENT.exec(entry);
    if (percent) {
      const p = Number(percent[1]);
      if (p > 0 && p <= 100) return { kind: 'percent', percent: p };
      throw new BadInputError(`${where} '${entry}' must be a percentage above 0% and at most 100%`);
    }
    throw new BadInputError(`${where} '${entry}' is neither a whole number of hosts (e.g. 1) nor a percentage (e.g. 10%)`);
  });
}

/** How many hosts a wave of this size takes out of `total` chosen hosts. */
function hostsIn(size: WaveSize, total: number): number {
  return size.kind === 'count' ? size.hosts : Math.max(1, Math.ceil((size.percent * total) / 100));
}

/** The hosts cut into waves, in their order; the last size repeats until every host is in a wave. */
export function splitIntoWaves<T>(hosts: readonly T[], sizes: readonly WaveSize[]): T[][] {
  if (sizes.length === 0) return hosts.length === 0 ? [] : [[...hosts]];
  const waves: T[][] = [];
  let next = 0;
  for (let i = 0; next < hosts.length; i++) {
    const size = sizes[Math.min(i, sizes.length - 1)] as WaveSize;
    const take = hostsIn(size, hosts.length);
    waves.push(hosts.slice(next, next + take));
    next += take;
  }
  return waves;
}

export type WaveStatus = 'waiting' | 'running' | 'finished' | 'not-started';

/** One wave as the faces show it. */
export interface WaveState {
  readonly number: number;
  readonly hosts: readonly string[];
  readonly status: WaveStatus;
}

export interface WavePlan {
  readonly waves: readonly (readonly string[])[];
  /** More failed or rolled-back hosts than this stop the rollout; default 0. */
  readonly maxFailed: number;
}

// 'inhibited' does not count: NixOS refused to switch live and nothing changed on the host (it needs boot plus a reboot).
const failedOrRolledBack = (o: HostOutcome): boolean => o.outcome === 'failed' || o.outcome === 'rolled-back';

/**
 * Runs the waves one after another through `runWave` (the deploy of those
 * hosts). After a wave, when more than `maxFailed` hosts have failed or rolled
 * back in all, or the run was cancelled, the hosts of later waves get a
 * 'not-started' outcome saying why, and nothing is done to them.
 */
export async function runWaves(
  plan: WavePlan,
  runWave: (hosts: readonly string[]) => Promise<HostOutcome[]>,
  options: { readonly signal?: AbortSignal; readonly onWaves?: (waves: readonly WaveState[]) => void } = {},
): Promise<HostOutcome[]> {
  let states: WaveState[] = plan.waves.map((hosts, i) => ({ number: i + 1, hosts, status: 'waiting' }));
  const mark = (i: number, status: WaveStatus): void => {
    states = states.map((w, j) => (j === i ? { ...w, status } : w));
    options.onWaves?.(states);
  };
  options.onWaves?.(states);
  const outcomes: HostOutcome[] = [];
  for (const [i, hosts] of plan.waves.entries()) {
    const failed = outcomes.filter(failedOrRolledBack);
    const stop =
      failed.length > plan.maxFailed
        ? `wave ${i + 1} was not started: ${failed.length} host(s) failed or rolled back (${failed.map((o) => o.host).join(', ')}), more than --max-failed ${plan.maxFailed}; nothing was changed on this host`
        : options.signal?.aborted
          ? `wave ${i + 1} was not started: the deploy was cancelled; nothing was changed on this host`
          : null;
    if (stop !== null) {
      outcomes.push(...hosts.map((h) => earlyOutcome(h, 'not-started', stop)));
      mark(i, 'not-started');
      continue;
    }
    mark(i, 'running');
    outcomes.push(...(await runWave(hosts)));
    mark(i, 'finished');
  }
  return outcomes;
}
