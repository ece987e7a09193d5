// After a dropped SSH connection, before calling an activation failed, ask the
// host itself what happened (as clan does): the runner's state under
// /run/airlock/<id>/ and the system it runs (/run/current-system), over new
// connections, for a while, since a link that dropped may take some seconds to
// come back. A switch that landed is then followed to its end, not reported as
// a failure because the answer to the command that started it was lost.
import type { RemoteHost } from '../remote-host';
import { SshError } from '../ssh-errors';
import type { SshTransport } from '../ssh-transport';
import { readActivationState, type ActivationState } from './activation-state';

export interface HostAnswer {
  readonly state: ActivationState;
  /** What /run/current-system points at, or null when the host has none. */
  readonly current: string | null;
}

/** One round trip over a new connection; throws SshError while the host cannot be reached. */
export async function askWhatItRuns(transport: SshTransport, host: RemoteHost, id: string): Promise<HostAnswer> {
  const state = await readActivationState(transport, host, id, { fresh: true });
  const current = await transport.run(host, ['readlink', '-f', '/run/current-system'], { fresh: true, timeoutMs: 20_000 });
  return { state, current: current.code === 0 ? current.stdout.trim() || null : null };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Asks until the host answers or `seconds` have passed; null when it never did. */
export async function askAfterDrop(
  transport: SshTransport,
  host: RemoteHost,
  id: string,
  options: { seconds: number; pauseMs?: number },
): Promise<HostAnswer | null> {
  const deadline = Date.now() + options.seconds * 1000;
  for (;;) {
    try {
      return await askWhatItRuns(transport, host, id);
    } catch (err) {
      if (!(err instanceof SshError)) throw err;
      if (Date.now() >= deadline) return null;
    }
    await sleep(options.pauseMs ?? 1000);
  }
}
