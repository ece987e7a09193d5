// One host of an incident: under the host's lock, preflight again on the
// probe the lock takes (the plan may be minutes old), then the same detached
// activation, confirmation and magic rollback as `airlock rollback --to`,
// recorded as a deployment of kind 'rollback' whose reason names the incident.
import type { HostRecord } from '../db/hosts';
import { activateOnHost } from '../operations/activate-host';
import type { ActivationOptions, HostsContext } from '../operations/deploy-context';
import { auditedEarlyOutcome, withHostOperation } from '../operations/host-operation';
import type { HostOutcome } from '../operations/host-outcome';
import { preflightProblem } from './incident-plan';
import type { LastKnownGood } from '../db/incident-types';

export interface IncidentRollbackOptions extends ActivationOptions {
  readonly incidentId: number;
  readonly reason: string;
}

/**
 * Switches `host` back to its last known good generation. DESTRUCTIVE: the
 * running system changes; if the target's health checks fail or the host
 * cannot be reached to confirm, the host's own watchdog puts back what ran.
 */
export function rollbackToLastKnownGood(
  ctx: HostsContext,
  host: HostRecord,
  target: LastKnownGood,
  options: IncidentRollbackOptions,
): Promise<HostOutcome> {
  const what = `incident ${options.incidentId}: rollback to generation ${target.generation}`;
  return withHostOperation(ctx, host, 'rollback', what, async (op) => {
    const problem = preflightProblem(host.name, op.probe, target);
    if (problem !== null) return auditedEarlyOutcome(ctx, host.name, 'rollback', 'failed', `${what}: ${problem}`, op.probe);
    const runs = op.probe.generations.find((g) => g.generation === target.generation);
    if (runs?.current && runs.default)
      return auditedEarlyOutcome(ctx, host.name, 'rollback', 'unchanged', `${what}: already runs it`, op.probe);
    return activateOnHost(
      ctx,
      op,
      {
        kind: 'rollback',
        action: 'switch',
        toplevel: target.toplevel,
        generation: target.generation,
        reason: `incident ${options.incidentId}: ${options.reason}`,
      },
      options,
      { outcome: null, ms: 0 },
    );
  });
}
