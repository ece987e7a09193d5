// Activation of a chosen system on a locked, probed host, with its record:
// the deployment row is written before anything changes on the host, and
// completed (with its audit row) with what the host reported.
import { randomBytes } from 'node:crypto';
import { attachDeployment } from '../db/host-locks';
import { finishDeployment, startDeployment, type DeploymentKind, type DeploymentOutcome } from '../db/deployments';
import type { ActivationAction, ActivationPlan } from '../remote/activate/activation-plan';
import { askAfterDrop } from '../remote/activate/ask-after-drop';
import { awaitActivation, type ActivationResult } from '../remote/activate/await-activation';
import { generationOfLink, launchActivation } from '../remote/activate/launch-activation';
import { inhibitedReason } from '../remote/activate/switch-inhibitors';
import { protectLastKnownGood } from './protect-last-known-good';
import { recordOnHost } from './record-on-host';
import { probeHost, runningGeneration } from '../remote/probe-hosts';
import { AuthenticationError, HostKeyChangedError, HostKeyUnknownError, SshError } from '../remote/ssh-errors';
import type { ActivationOptions, HostsContext } from './deploy-context';
import type { RunningOperation } from './host-operation';
import type { HostOutcome } from './host-outcome';
import type { PushOutcome } from '../remote/push/push-progress';

export interface ActivationTarget {
  readonly kind: DeploymentKind;
  readonly action: ActivationAction;
  readonly toplevel: string;
  /** Switch to this existing generation; absent: a new generation (switch, boot) or none (test, dry-activate). */
  readonly generation?: number;
  readonly bundle?: string;
  readonly reason?: string;
}

export interface PushDone {
  readonly outcome: PushOutcome | null;
  readonly ms: number;
}

function planFor(op: RunningOperation, target: ActivationTarget, options: ActivationOptions): ActivationPlan {
  const changesProfile = target.action === 'switch' || target.action === 'boot';
  return {
    id: `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`,
    mode: target.generation !== undefined ? 'existing' : changesProfile ? 'new' : 'none',
    toplevel: target.toplevel,
    ...(target.generation === undefined ? {} : { generation: target.generation }),
    action: target.action,
    previousGeneration: op.probe.defaultGeneration,
    previousToplevel: op.probe.current,
    confirmTimeoutSeconds: options.confirmTimeoutSeconds,
    activationTimeoutSeconds: options.activationTimeoutSeconds,
  };
}

type ActivationOutcome = Extract<HostOutcome['outcome'], DeploymentOutcome>;

const OUTCOME_OF: Readonly<Record<ActivationResult['outcome'], ActivationOutcome>> = {
  done: 'succeeded',
  'rolled-back': 'rolled-back',
  // NixOS refused the switch before changing anything: neither done nor failed, and nothing to roll back.
  inhibited: 'inhibited',
  unconfirmed: 'failed',
};

/** How long to keep asking a host whose connection dropped while an activation was being started. */
const ASK_AFTER_DROP_SECONDS = 60;

/** A lost or refused connection, which may come back; not a host key or a login that asking again cannot change. */
const droppedConnection = (err: SshError): boolean =>
  !(err instanceof HostKeyChangedError || err instanceof HostKeyUnknownError || err instanceof AuthenticationError);

async function launchAndAwait(
  ctx: HostsContext,
  op: RunningOperation,
  plan: ActivationPlan,
): Promise<{ link: string; result: ActivationResult }> {
  let link: string;
  try {
    link = await launchActivation(ctx.transport, op.remote, plan);
  } catch (err) {
    // The connection may have dropped after the runner was detached: ask the host (over new connections,
    // while the link comes back) what it runs before calling it failed.
    if (!(err instanceof SshError) || !droppedConnection(err)) throw err;
    const answer = await askAfterDrop(ctx.transport, op.remote, plan.id, { seconds: ASK_AFTER_DROP_SECONDS });
    if (answer?.state.status == null) {
      const asked =
        answer === null
          ? `it did not answer again within ${ASK_AFTER_DROP_SECONDS}s`
          : `asked again, it has no such activation and runs ${answer.current ?? 'no system'}`;
      throw new SshError(op.remote.name, `${err.message} (${asked})`, err.stderr);
    }
    link = answer.state.profileLink ?? '';
  }
  ctx.onEvent?.({ host: op.remote.name, phase: 'activating' });
  const checks = ctx.healthChecksFor?.(op.remote.name) ?? [];
  const result = await awaitActivation(ctx.transport, op.remote, plan, {
    checks,
    onState: (s) => {
      const phase = s.status === 'awaiting-confirmation' ? 'confirming' : s.status === 'rolling-back' ? 'rolling-back' : 'activating';
      ctx.onEvent?.({ host: op.remote.name, phase });
    },
  });
  return { link, result };
}

export async function activateOnHost(
  ctx: HostsContext,
  op: RunningOperation,
  target: ActivationTarget,
  options: ActivationOptions,
  push: PushDone,
): Promise<HostOutcome> {
  const plan = planFor(op, target, options);
  const from = { generation: runningGeneration(op.probe)?.generation ?? null, toplevel: op.probe.current };
  const id = startDeployment(
    ctx.db,
    {
      host: op.remote.name,
      kind: target.kind,
      action: target.action,
      fromGeneration: from.generation,
      fromToplevel: from.toplevel,
      toGeneration: target.generation ?? null,
      toToplevel: target.toplevel,
      ...(target.bundle === undefined ? {} : { bundle: target.bundle }),
      ...(target.reason === undefined ? {} : { reason: target.reason }),
    },
    ctx.env,
  );
  attachDeployment(ctx.db, op.remote.name, id);
  const started = Date.now();
  let outcome: ActivationOutcome = 'failed';
  let reason: string | null;
  let result: ActivationResult | null = null;
  let toGeneration = target.generation ?? null;
  try {
    const done = await launchAndAwait(ctx, op, plan);
    result = done.result;
    toGeneration = target.generation ?? generationOfLink(done.link);
    outcome = OUTCOME_OF[result.outcome];
    reason =
      result.outcome === 'done'
        ? null
        : result.outcome === 'inhibited'
          ? inhibitedReason(op.remote.name, result.log, target.kind)
          : (result.reason ?? 'rolled back');
  } catch (err) {
    reason = err instanceof Error ? err.message : String(err);
  }
  const activationMs = Date.now() - started;
  const confirmed = outcome === 'succeeded' && plan.confirmTimeoutSeconds > 0;
  const health = result?.health ?? [];
  const finished = finishDeployment(
    ctx.db,
    id,
    {
      outcome,
      ...(reason === null ? {} : { outcomeReason: reason }),
      toGeneration,
      confirmed,
      pathsSent: push.outcome?.pathsSent ?? 0,
      bytesSent: push.outcome?.bytesSent ?? 0,
      pushMs: push.ms,
      activationMs,
      health,
      ...(push.outcome ? { pushMethod: push.outcome.method } : {}),
      ...(push.outcome?.mirror ? { mirror: { ...push.outcome.mirror } } : {}),
    },
    ctx.env,
  );
  // The host keeps its own record of the change, so a station that loses its database can read it back.
  await recordOnHost(ctx, op.remote, finished);
  // A confirmed system is known good: root it on the host so cleaning and GC keep it (never fails the activation).
  if (confirmed && target.action === 'switch') await protectLastKnownGood(ctx, op.remote);
  const after = outcome === 'succeeded' ? await probeHost(ctx.transport, op.remote).catch(() => null) : null;
  return {
    host: op.remote.name,
    outcome,
    reason,
    deploymentId: id,
    from,
    to: { generation: toGeneration, toplevel: target.toplevel },
    pushMethod: push.outcome?.method ?? null,
    pathsSent: push.outcome?.pathsSent ?? 0,
    bytesSent: push.outcome?.bytesSent ?? 0,
    ...(push.outcome?.mirror ? { mirror: push.outcome.mirror } : {}),
    pushMs: push.ms,
    activationMs,
    health,
    activationLog: result?.log ?? '',
    rebootNeeded: after?.reachable ? after.rebootNeeded : null,
  };
}
