// Which of a host's system generations cleaning may delete (pure). Kept,
// always: the newest N, the one running (current), the one booted, the one
// the profile points at (the next boot), and every known good generation,
// because an incident may need to go back to it. Everything else may go.
import type { GenerationInfo } from '../remote/probe-hosts';
import { Refusal } from '../refusal-error';

export type KeepReason = 'newest' | 'current' | 'booted' | 'default' | 'last-known-good';

export interface KeptGeneration {
  readonly generation: number;
  readonly why: readonly KeepReason[];
}

export interface CleanPlan {
  readonly keepNewest: number;
  /** Newest first. */
  readonly kept: readonly KeptGeneration[];
  /** Newest first. */
  readonly deleted: readonly Pick<GenerationInfo, 'generation' | 'date' | 'toplevel'>[];
}

export function planGenerationClean(
  generations: readonly GenerationInfo[],
  keepNewest: number,
  lastKnownGood: ReadonlySet<number>,
): CleanPlan {
  if (!Number.isSafeInteger(keepNewest) || keepNewest < 1)
    throw new Refusal(`keep must be a whole number of generations, 1 or more, not ${keepNewest}`);
  const newestFirst = [...generations].sort((a, b) => b.generation - a.generation);
  const kept: KeptGeneration[] = [];
  const deleted: CleanPlan['deleted'][number][] = [];
  newestFirst.forEach((g, i) => {
    const why: KeepReason[] = [];
    if (i < keepNewest) why.push('newest');
    if (g.current) why.push('current');
    if (g.booted) why.push('booted');
    if (g.default) why.push('default');
    if (lastKnownGood.has(g.generation)) why.push('last-known-good');
    if (why.length > 0) kept.push({ generation: g.generation, why });
    else deleted.push({ generation: g.generation, date: g.date, toplevel: g.toplevel });
  });
  return { keepNewest, kept, deleted };
}
