// Wave specs as an operator types them (`--waves 1,10%,100%`): how they are
// read, what is refused and why, how the chosen hosts are cut into waves, and
// when a rollout stops (more than --max-failed hosts failed or rolled back).
import { describe, expect, it } from 'vitest';
import { earlyOutcome } from '../../../../src/main/core/operations/host-operation';
import type { HostOutcome, HostOutcomeKind } from '../../../../src/main/core/operations/host-outcome';
import { isBadInput } from '../../../../src/main/core/usecases/refusals';
import { parseWaves, runWaves, splitIntoWaves, type WaveState } from '../../../../src/main/core/usecases/waves';

const hosts = (n: number): string[] => Array.from({ length: n }, (_, i) => `h${String(i + 1).padStart(3, '0')}`);
const sizes = (spec: string, n: number): number[] => splitIntoWaves(hosts(n), parseWaves(spec)).map((w) => w.length);

describe('parseWaves', () => {
  it('reads counts and percentages, spaces allowed', () => {
    expect(parseWaves('1, 10%,100%')).toEqual([
      { kind: 'count', hosts: 1 },
      { kind: 'percent', percent: 10 },
      { kind: 'percent', percent: 100 },
    ]);
    expect(parseWaves('12.5%')).toEqual([{ kind: 'percent', percent: 12.5 }]);
  });

  it.each([
    ['', /comma-separated list/],
    ['1,,100%', /entry 2 is empty/],
    ['0', /entry 1 '0' is neither a whole number/],
    ['1,150%', /entry 2 '150%' must be a percentage above 0% and at most 100%/],
    ['1,0%', /entry 2 '0%' must be a percentage above 0%/],
    ['one', /entry 1 'one' is neither/],
    ['-1', /neither/],
    ['1.5', /neither/],
  ])('refuses %j as bad input saying what is wrong', (spec, words) => {
    let caught: unknown;
    try {
      parseWaves(spec);
    } catch (err) {
      caught = err;
    }
    expect(isBadInput(caught)).toBe(true);
    expect((caught as Error).message).toMatch(words);
  });
});

describe('splitIntoWaves', () => {
  it('keeps the hosts in the order they were named', () => {
    expect(splitIntoWaves(['c', 'a', 'b'], parseWaves('1,100%'))).toEqual([['c'], ['a', 'b']]);
  });

  it('cuts 1,10%,100% of 100 hosts into a canary, ten, then the rest', () => {
    expect(sizes('1,10%,100%', 100)).toEqual([1, 10, 89]);
  });

  it('rounds a percentage up to at least one host', () => {
    expect(sizes('1,10%,100%', 5)).toEqual([1, 1, 3]);
    expect(sizes('1%', 3)).toEqual([1, 1, 1]);
  });

  it('repeats the last size until every host is in a wave', () => {
    expect(sizes('1,2', 7)).toEqual([1, 2, 2, 2]);
    expect(sizes('25%', 10)).toEqual([3, 3, 3, 1]);
  });

  it('drops sizes no host is left for', () => {
    expect(sizes('1,10%,100%', 1)).toEqual([1]);
    expect(sizes('5,100%', 3)).toEqual([3]);
  });

  it('without sizes: one wave of every host', () => {
    expect(splitIntoWaves(['a', 'b'], [])).toEqual([['a', 'b']]);
  });
});

describe('runWaves', () => {
  const ending =
    (bad: Record<string, HostOutcomeKind>) =>
    async (names: readonly string[]): Promise<HostOutcome[]> =>
      names.map((n) => earlyOutcome(n, bad[n] ?? 'succeeded', null));

  it('a failing canary stops the rollout: later hosts are not started, and say why', async () => {
    const started: string[][] = [];
    const seen: WaveState[][] = [];
    const outcomes = await runWaves(
      { waves: [['a'], ['b', 'c'], ['d']], maxFailed: 0 },
      async (names) => (started.push([...names]), ending({ a: 'rolled-back' })(names)),
      { onWaves: (w) => seen.push([...w]) },
    );
    expect(started).toEqual([['a']]);
    expect(outcomes.map((o) => [o.host, o.outcome])).toEqual([
      ['a', 'rolled-back'],
      ['b', 'not-started'],
      ['c', 'not-started'],
      ['d', 'not-started'],
    ]);
    expect(outcomes[1]?.reason).toMatch(/wave 2 was not started: 1 host\(s\) failed or rolled back \(a\), more than --max-failed 0/);
    expect(seen.at(-1)?.map((w) => w.status)).toEqual(['finished', 'not-started', 'not-started']);
  });

  it('goes on while no more than --max-failed hosts failed, in all waves together', async () => {
    const started: string[] = [];
    const outcomes = await runWaves(
      { waves: [['a'], ['b', 'c'], ['d']], maxFailed: 1 },
      async (names) => (started.push(...names), ending({ a: 'failed', c: 'failed' })(names)),
    );
    expect(started).toEqual(['a', 'b', 'c']);
    expect(outcomes.find((o) => o.host === 'd')?.outcome).toBe('not-started');
  });

  it('a cancelled deploy starts no further wave', async () => {
    const controller = new AbortController();
    const outcomes = await runWaves({ waves: [['a'], ['b']], maxFailed: 5 }, async (names) => (controller.abort(), ending({})(names)), {
      signal: controller.signal,
    });
    expect(outcomes.map((o) => o.outcome)).toEqual(['succeeded', 'not-started']);
    expect(outcomes[1]?.reason).toMatch(/cancelled/);
  });
});
