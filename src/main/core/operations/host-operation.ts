// The frame of every operation on a host: take the host's lock (one operation
// at a time: this station's row, then the lock on the host itself, which
// other stations meet too), probe it, run the operation, let the locks go. A refusal before
// anything was changed (busy, unreachable) is an outcome with an audit row,
// never a throw, so one host's trouble never hides the others'.
import { appendAudit } from '../db/audit-log';
import type { HostRecord } from '../db/hosts';
import { HostBusyError, lockHost, unlockHost } from '../db/host-locks';
import { probeHost, runningGeneration, type HostProbe } from '../remote/probe-hosts';
import { remoteHostOf } from './remote-host-of';
import type { RemoteHost } from '../remote/remote-host';
import type { HostsContext } from './deploy-context';
import type { DeploymentKind } from '../db/deployments';
import type { HostOutcome, HostOutcomeKind } from './host-outcome';
import { HostHeldByStationError, takeStationLock } from './host-station-lock';
import type { HeldHostLock } from '../remote/host-lock';

/** What an operation on a host is, as its audit action `host.<kind>` names it. */
export type HostOperationKind = DeploymentKind | 'reboot';

export interface RunningOperation {
  readonly remote: RemoteHost;
  readonly probe: HostProbe;
}

export function earlyOutcome(host: string, outcome: HostOutcomeKind, reason: string | null, probe?: HostProbe): HostOutcome {
  const current = (probe && runningGeneration(probe)) ?? null;
  const here = { generation: current?.generation ?? null, toplevel: probe?.current ?? null };
  return {
    host,
    outcome,
    reason,
    deploymentId: null,
    from: here,
    to: here,
    pushMethod: null,
    pathsSent: 0,
    bytesSent: 0,
    pushMs: null,
    activationMs: null,
    health: [],
    activationLog: '',
    rebootNeeded: probe?.rebootNeeded ?? null,
  };
}

/** An end reached before anything changed on the host, written to the audit log. */
export function auditedEarlyOutcome(
  ctx: HostsContext,
  host: string,
  kind: HostOperationKind,
  outcome: HostOutcomeKind,
  reason: string,
  probe?: HostProbe,
): HostOutcome {
  const audit = outcome === 'unchanged' ? 'ok' : outcome === 'failed' && probe?.reachable !== false ? 'failed' : 'refused';
  appendAudit(ctx.db, { action: `host.${kind}`, subject: host, outcome: audit, details: { outcome, reason } }, ctx.env);
  return earlyOutcome(host, outcome, reason, probe);
}

export async function withHostOperation(
  ctx: HostsContext,
  host: HostRecord,
  kind: HostOperationKind,
  description: string,
  body: (op: RunningOperation) => Promise<HostOutcome>,
): Promise<HostOutcome> {
  const refuse = (reason: string, outcome: HostOutcomeKind = 'failed', probe?: HostProbe): HostOutcome =>
    auditedEarlyOutcome(ctx, host.name, kind, outcome, `${description}: ${reason}`, probe);
  if (ctx.signal?.aborted) return earlyOutcome(host.name, 'cancelled', 'cancelled before it started');
  try {
    lockHost(ctx.db, host.name, description, ctx.env);
  } catch (err) {
    if (err instanceof HostBusyError) return refuse(err.message);
    throw err;
  }
  let held: HeldHostLock | undefined;
  try {
    ctx.onEvent?.({ host: host.name, phase: 'probing' });
    const remote = remoteHostOf(host);
    const probe = await probeHost(ctx.transport, remote);
    if (!probe.reachable) return refuse(`${host.name} is unreachable, nothing was changed: ${probe.error ?? ''}`.trim(), 'failed', probe);
    if (ctx.signal?.aborted) return refuse('cancelled before anything was sent', 'cancelled', probe);
    try {
      held = await takeStationLock(ctx, remote, description);
    } catch (err) {
      if (err instanceof HostHeldByStationError) return refuse(err.message, 'failed', probe);
      return refuse(`nothing was changed: ${err instanceof Error ? err.message : String(err)}`, 'failed', probe);
    }
    try {
      return await body({ remote, probe });
    } catch (err) {
      // Whatever went wrong before activation started: the host runs what it ran.
      return refuse(err instanceof Error ? err.message : String(err), 'failed', probe);
    }
  } finally {
    await held?.release();
    unlockHost(ctx.db, host.name);
    ctx.onEvent?.({ host: host.name, phase: 'finished' });
  }
}
