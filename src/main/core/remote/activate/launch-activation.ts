// Starts an activation on a host: one round trip that makes the generation
// and detaches the runner (runner-script.ts), then returns at once.
import type { RemoteHost } from '../remote-host';
import type { SshTransport } from '../ssh-transport';
import { runnerArguments, type ActivationPlan } from './activation-plan';
import { LAUNCH_SCRIPT, RUNNER_SCRIPT } from './runner-script';

export class ActivationRefusedError extends Error {}

const REFUSALS: Readonly<Record<number, string>> = {
  90: 'an activation with this id was already started',
  91: 'the system profile could not be changed',
  92: 'the activation could not be started (no /run/airlock, or systemd-run failed)',
  93: 'the generation to switch to is no longer what it was',
  94: 'nix-env was not found on the host, nothing was changed (is Nix installed, and on the PATH of its SSH logins?)',
};

/** Returns the profile link the host now boots into, e.g. `system-7-link`. */
export async function launchActivation(transport: SshTransport, host: RemoteHost, plan: ActivationPlan): Promise<string> {
  const argv = ['sh', '-c', LAUNCH_SCRIPT, 'airlock-launch', RUNNER_SCRIPT, ...runnerArguments(plan)];
  const result = await transport.run(host, argv, { timeoutMs: 120_000 });
  if (result.code !== 0) {
    const why = REFUSALS[result.code] ?? `exit ${result.code}`;
    throw new ActivationRefusedError(`${host.name}: ${why}: ${result.stderr.trim().split('\n').at(-1) ?? ''}`);
  }
  return /^started (\S+)/m.exec(result.stdout)?.[1] ?? '';
}

export function generationOfLink(link: string): number | null {
  const n = /^system-(\d+)-link$/.exec(link)?.[1];
  return n === undefined ? null : Number(n);
}
