// The cleaning policy: the newest N, current, booted, default and every
// known good generation stay, whatever N is; the rest go.
import { describe, expect, it } from 'vitest';
import { planGenerationClean } from '../../../../src/main/core/operations/clean-policy';
import type { GenerationInfo } from '../../../../src/main/core/remote/probe-hosts';

const gen = (generation: number, flags: Partial<Pick<GenerationInfo, 'current' | 'booted' | 'default'>> = {}): GenerationInfo => ({
  generation,
  date: null,
  toplevel: `/nix/store/${'x'.repeat(32)}-g${generation}`,
  current: false,
  booted: false,
  default: false,
  nixosVersion: null,
  kernelVersion: null,
  ...flags,
});

describe('planGenerationClean', () => {
  const gens = [gen(1), gen(2, { booted: true }), gen(3), gen(4), gen(5, { current: true }), gen(6, { default: true }), gen(7), gen(8)];

  it('keeps newest N, current, booted, default and known good; deletes the rest, newest first', () => {
    const plan = planGenerationClean(gens, 2, new Set([3]));
    expect(plan.kept).toEqual([
      { generation: 8, why: ['newest'] },
      { generation: 7, why: ['newest'] },
      { generation: 6, why: ['default'] },
      { generation: 5, why: ['current'] },
      { generation: 3, why: ['last-known-good'] },
      { generation: 2, why: ['booted'] },
    ]);
    expect(plan.deleted.map((g) => g.generation)).toEqual([4, 1]);
  });

  it('never deletes a protected generation, for any N', () => {
    for (let keep = 1; keep <= 9; keep++) {
      const gone = planGenerationClean([...gens].reverse(), keep, new Set([1, 3])).deleted.map((g) => g.generation);
      for (const kept of [1, 2, 3, 5, 6]) expect(gone, `keep ${keep}`).not.toContain(kept);
      // Unprotected are 8, 7 and 4; each goes once it is no longer among the newest `keep`.
      expect(gone, `keep ${keep}`).toEqual([8, 7, 4].filter((g) => 8 - g >= keep));
    }
    expect(planGenerationClean(gens, 8, new Set()).deleted).toEqual([]);
    expect(() => planGenerationClean(gens, 0, new Set())).toThrow(/1 or more/);
  });
});
