// The app's half of an activation: follow the runner over NEW connections
// until it settles, and when it waits for confirmation, run the health checks
// and give the verdict. Losing the host meanwhile is expected (a config that
// cuts the operator off): the runner rolls back on its own, so the app keeps
// trying until the runner's deadline plus the time a rollback takes.
import type { RemoteHost } from '../remote-host';
import { SshError } from '../ssh-errors';
import type { SshTransport } from '../ssh-transport';
import type { ActivationPlan } from './activation-plan';
import { decideVerdict, readActivationState, type ActivationState } from './activation-state';
import { runHealthChecks, type HealthCheck, type HealthResult } from './health-checks';

/** How long a rollback's own activation may take before the app stops waiting for its result. */
const ROLLBACK_GRACE_SECONDS = 120;

export interface ActivationResult {
  /**
   * done: activated (and confirmed, with magic rollback); rolled-back: the previous generation is back;
   * inhibited: NixOS refused the switch (a switch inhibitor changed) and nothing changed; unconfirmed: never heard from again.
   */
  readonly outcome: 'done' | 'rolled-back' | 'inhibited' | 'unconfirmed';
  readonly reason: string | null;
  readonly exit: string | null;
  readonly log: string;
  readonly health: readonly HealthResult[];
}

export interface AwaitOptions {
  readonly checks: readonly HealthCheck[];
  readonly onState?: (state: ActivationState) => void;
  readonly pollMs?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function awaitActivation(
  transport: SshTransport,
  host: RemoteHost,
  plan: ActivationPlan,
  options: AwaitOptions,
): Promise<ActivationResult> {
  const deadline = Date.now() + (plan.activationTimeoutSeconds + plan.confirmTimeoutSeconds + ROLLBACK_GRACE_SECONDS) * 1000;
  let health: HealthResult[] = [];
  let decided = false;
  let last: ActivationState | null = null;
  let lastError = '';
  // After the shared connection fails once (the activation may have killed it), read over new ones.
  let fresh = false;
  while (Date.now() < deadline) {
    try {
      const state = await readActivationState(transport, host, plan.id, { fresh });
      last = state;
      options.onState?.(state);
      if (state.status === 'done' || state.status === 'rolled-back' || state.status === 'inhibited') {
        const outcome = state.status;
        return { outcome, reason: state.reason, exit: state.exit, log: state.log, health };
      }
      if (state.status === 'awaiting-confirmation' && !decided) {
        health = await runHealthChecks(transport, host, options.checks);
        const failed = health.filter((h) => !h.ok);
        const reason = failed.map((h) => `health check \`${h.check}\` failed (${h.detail})`).join('; ');
        await decideVerdict(transport, host, plan.id, failed.length === 0 ? 'confirmed' : 'unhealthy', reason);
        decided = true;
        continue;
      }
    } catch (err) {
      if (!(err instanceof SshError)) throw err;
      lastError = err.message;
      fresh = true;
    }
    await sleep(options.pollMs ?? 250);
  }
  const back = plan.previousGeneration === null ? 'the previous system' : `generation ${plan.previousGeneration}`;
  return {
    outcome: 'unconfirmed',
    reason: `${host.name} could not be reached again to confirm (${lastError || `last state: ${last?.status ?? 'unknown'}`}); its watchdog restores ${back} on its own`,
    exit: last?.exit ?? null,
    log: last?.log ?? '',
    health,
  };
}
