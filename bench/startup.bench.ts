// Issue 15: the `airlock` command's own start-up, which every scripted call
// pays: `airlock --help` and `airlock --version` under plain Node (no npx),
// the median of RUNS runs against the goal of 150 ms. Bare `node -e 0` is
// printed beside them: on a busy machine it says how much is Node's own start.
// Only this part: `npm run bench -- startup`.
import { join } from 'node:path';
import { REPO, timeCommand, type Result } from './bench-lib';

const RUNS = 21;
const GOAL_MS = 150;

function medianMs(args: readonly string[]): number {
  const times = Array.from({ length: RUNS }, () => timeCommand(process.execPath, args) * 1000).sort((a, b) => a - b);
  return times[Math.floor(RUNS / 2)] as number;
}

export function benchStartup(): Result[] {
  const bin = join(REPO, 'bin/airlock.mjs');
  const bare = medianMs(['-e', '0']);
  const line = (name: string, ms: number): Result => ({
    name,
    value: `${ms.toFixed(0)} ms (median of ${RUNS}; bare node ${bare.toFixed(0)} ms)`,
    ratio: { value: ms / GOAL_MS, goal: `< 1.00 of ${GOAL_MS} ms`, met: ms < GOAL_MS },
  });
  return [
    line('node bin/airlock.mjs --help', medianMs([bin, '--help'])),
    line('node bin/airlock.mjs --version', medianMs([bin, '--version'])),
  ];
}
