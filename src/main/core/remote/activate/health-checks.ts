// The host's health after an activation, checked over NEW SSH connections:
// systemd's own verdict where systemd runs, then the checks the operator
// configured for the host. Each check's result is kept for the records.
import { connect } from 'node:net';
import type { HealthCheckSpecView as HealthCheckSpec } from '../../../../shared/schemas';
import type { RemoteHost } from '../remote-host';
import type { SshTransport } from '../ssh-transport';

/** A command run by `sh -c` on the host (the operator's own command line), or a TCP port the laptop must reach. */
export type HealthCheck = HealthCheckSpec;
type CommandCheck = Extract<HealthCheck, { kind: 'command' }>;
type TcpCheck = Extract<HealthCheck, { kind: 'tcp' }>;

export interface HealthResult {
  readonly check: string;
  readonly ok: boolean;
  readonly detail: string;
}

const SYSTEMD_STATE =
  'if [ -d /run/systemd/system ] && command -v systemctl > /dev/null; then systemctl is-system-running; else echo absent; fi';
const STARTING_GRACE_MS = 30_000;

async function systemdHealth(transport: SshTransport, host: RemoteHost): Promise<HealthResult | null> {
  const deadline = Date.now() + STARTING_GRACE_MS;
  for (;;) {
    const state = (await transport.run(host, ['sh', '-c', SYSTEMD_STATE], { fresh: true, timeoutMs: 20_000 })).stdout.trim();
    if (state === 'absent') return null;
    // "starting": jobs the switch queued are still running; give them a moment.
    if (state === 'starting' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 1000));
      continue;
    }
    return { check: 'systemctl is-system-running', ok: state === 'running', detail: state || 'no answer' };
  }
}

async function commandHealth(transport: SshTransport, host: RemoteHost, check: CommandCheck): Promise<HealthResult> {
  const argv = ['timeout', String(check.timeoutSeconds), 'sh', '-c', check.command];
  const result = await transport.run(host, argv, { fresh: true, timeoutMs: (check.timeoutSeconds + 20) * 1000 });
  const output = `${result.stdout}${result.stderr}`.trim().split('\n').at(-1) ?? '';
  const detail =
    result.code === 124 ? `did not finish within ${check.timeoutSeconds}s` : `exit ${result.code}${output ? `: ${output}` : ''}`;
  return { check: check.command, ok: result.code === check.expectStatus, detail };
}

function tcpHealth(host: RemoteHost, check: TcpCheck): Promise<HealthResult> {
  const name = `tcp ${host.address}:${check.port}`;
  return new Promise((resolve) => {
    const socket = connect({ host: host.address, port: check.port });
    const done = (ok: boolean, detail: string): void => {
      socket.destroy();
      resolve({ check: name, ok, detail });
    };
    socket.setTimeout(check.timeoutSeconds * 1000, () => done(false, `no answer within ${check.timeoutSeconds}s`));
    socket.once('connect', () => done(true, 'connected'));
    socket.once('error', (err) => done(false, err.message));
  });
}

/** Every result, in order; throws only when the host cannot be reached (an SshError). */
export async function runHealthChecks(transport: SshTransport, host: RemoteHost, checks: readonly HealthCheck[]): Promise<HealthResult[]> {
  const results: HealthResult[] = [];
  const systemd = await systemdHealth(transport, host);
  if (systemd) results.push(systemd);
  for (const check of checks)
    results.push(check.kind === 'tcp' ? await tcpHealth(host, check) : await commandHealth(transport, host, check));
  return results;
}
