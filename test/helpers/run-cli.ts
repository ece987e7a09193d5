// Runs the real `airlock` command (bin/airlock.mjs under plain Node), as a user would.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const BIN = resolve(import.meta.dirname, '../../bin/airlock.mjs');

export interface CliResult {
  readonly status: number;
  readonly stdout: Buffer;
  readonly stderr: string;
  readonly text: string;
}

export function airlock(args: readonly string[], env: NodeJS.ProcessEnv = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, maxBuffer: 1 << 30 });
  if (r.error) throw r.error;
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr.toString(), text: r.stdout.toString() };
}
