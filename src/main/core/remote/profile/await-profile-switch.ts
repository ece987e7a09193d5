// The app's half of a profile switch: follow the host's watchdog until it is
// done, and when it waits for confirmation, run the health checks and give the
// verdict over a NEW connection. Losing the host meanwhile is expected (an
// ACTIVATE that cuts the operator off): the watchdog rolls back on its own, so
// the app keeps asking, over new connections, until the watchdog's deadline
// plus the time a rollback takes.
import { runHealthChecks, type HealthCheck, type HealthResult } from '../activate/health-checks';
import type { RemoteHost } from '../remote-host';
import { SshError } from '../ssh-errors';
import type { SshTransport } from '../ssh-transport';
import { decideProfileVerdict, readProfileState, type ProfileState } from './profile-state';

/** How long the earlier generation's ACTIVATE may take before the app stops waiting for the result. */
const ROLLBACK_GRACE_SECONDS = 120;

export interface ProfileWatch {
  /** The watchdog's state folder on the host. */
  readonly dir: string;
  readonly confirmTimeoutSeconds: number;
  readonly activationTimeoutSeconds: number;
  readonly checks: readonly HealthCheck[];
  readonly onState?: (state: ProfileState) => void;
  readonly pollMs?: number;
}

export interface ProfileWatchResult {
  /** The watchdog's last state; its `result` is null when the host was never heard from again. */
  readonly state: ProfileState | null;
  readonly health: readonly HealthResult[];
  /** Why the host could not be asked any more, when it could not. */
  readonly lost: string | null;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Reason for an `unhealthy` verdict, with each failed check's name and output. */
export function unhealthyReason(health: readonly HealthResult[]): string {
  return health
    .filter((h) => !h.ok)
    .map((h) => `health check \`${h.check}\` failed (${h.detail})`)
    .join('; ');
}

export async function awaitProfileSwitch(transport: SshTransport, host: RemoteHost, w: ProfileWatch): Promise<ProfileWatchResult> {
  const deadline = Date.now() + (w.activationTimeoutSeconds + w.confirmTimeoutSeconds + ROLLBACK_GRACE_SECONDS) * 1000;
  let health: HealthResult[] = [];
  let decided = false;
  let last: ProfileState | null = null;
  let lastError = '';
  // After the shared connection fails once (ACTIVATE may have cut it), ask over new ones.
  let fresh = false;
  while (Date.now() < deadline) {
    try {
      const state = await readProfileState(transport, host, w.dir, { fresh });
      last = state;
      w.onState?.(state);
      if (state.result !== null) return { state, health, lost: null };
      if (state.status === 'awaiting-confirmation' && !decided) {
        health = await runHealthChecks(transport, host, w.checks);
        const failed = unhealthyReason(health);
        await decideProfileVerdict(transport, host, w.dir, failed ? 'unhealthy' : 'confirmed', failed);
        decided = true;
        continue;
      }
    } catch (err) {
      if (!(err instanceof SshError)) throw err;
      lastError = err.message;
      fresh = true;
    }
    await sleep(w.pollMs ?? (fresh ? 500 : 250));
  }
  return { state: last, health, lost: lastError || `last state: ${last?.status ?? 'unknown'}` };
}
