// Shared pieces of `npm run bench`: timing child processes, where fixtures live,
// and printing results as ratios against a reference.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO = resolve(import.meta.dirname, '..');
export const FIXTURES = process.env.AIRLOCK_BENCH_DIR ?? join(tmpdir(), 'airlock-bench');
mkdirSync(FIXTURES, { recursive: true });

export interface Result {
  readonly name: string;
  /** What was measured, with its unit (e.g. "1.23 s", "180 MB"). */
  readonly value: string;
  /** The ratio this benchmark is judged by, and the goal it must meet. */
  readonly ratio?: { readonly value: number; readonly goal: string; readonly met: boolean };
}

/** Runs a command and returns its wall time in seconds; throws when it fails. */
export function timeCommand(cmd: string, args: readonly string[], options: { shell?: boolean; env?: NodeJS.ProcessEnv } = {}): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], shell: options.shell ?? false, env: options.env ?? process.env });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr?.toString()}`);
  return seconds;
}

/** Runs a TypeScript probe in a fresh Node process and returns the JSON it prints last. */
export function runProbe<T>(probe: string, args: readonly string[]): T {
  const r = spawnSync(process.execPath, [join(REPO, 'bin/run-ts.mjs'), join(REPO, 'bench/probes', probe), ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(`probe ${probe} failed with status ${r.status}`);
  const last = r.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as T;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

export function repeat(times: number, fn: () => number): number {
  return median(Array.from({ length: times }, fn));
}

export function formatResults(results: readonly Result[]): string {
  return results
    .map((r) => {
      // A goal that could not be measured has no ratio to print, only NOT MET.
      const value = r.ratio && Number.isFinite(r.ratio.value) ? r.ratio.value.toFixed(2) : 'n/a';
      const ratio = r.ratio ? `  ratio ${value} (goal ${r.ratio.goal}) ${r.ratio.met ? 'MET' : 'NOT MET'}` : '';
      return `${r.name.padEnd(58)} ${r.value.padStart(12)}${ratio}`;
    })
    .join('\n');
}
