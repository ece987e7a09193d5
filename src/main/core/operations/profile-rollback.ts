// Rolling one of a host's Nix profiles back (issue 12): to a generation named,
// or to the one the deployment records say the profile had before its
// current one (never blindly number − 1: a generation that was rolled back
// automatically sits between). The older path's ACTIVATE runs on the host;
// the change is recorded as a 'rollback' row for that profile and audited.
// `switch --profile` is the same move to a named generation, recorded as a switch.
import { finishDeployment, recordedProfilePredecessor, startDeployment } from '../db/deployments';
import { attachDeployment } from '../db/host-locks';
import type { HostRecord } from '../db/hosts';
import { listProfileGenerations, rollbackProfile, type ProfileRollbackOutcome } from '../remote/profile/profile-switch';
import type { HostsContext } from './deploy-context';
import { auditedEarlyOutcome, withHostOperation } from './host-operation';
import type { HostOutcome } from './host-outcome';
import { keepOnHost } from './keep-profile-change';

export interface ProfileRollbackOptions {
  readonly profile: string;
  /** Absent: what the profile was before its current generation, by the records. */
  readonly to?: number;
  /** The store path generation `to` must still point at (an incident's known good); another one is refused. */
  readonly toplevel?: string;
  /** Relative to the generation's path, run after the rollback (the bundle entry's ACTIVATE). */
  readonly activate?: string;
  readonly reason?: string;
  /** 'switch': `switch --profile` to the generation `to` names. */
  readonly kind?: 'rollback' | 'switch';
}

export function rollbackHostProfile(ctx: HostsContext, host: HostRecord, o: ProfileRollbackOptions): Promise<HostOutcome> {
  const kind = o.kind ?? 'rollback';
  const what = `${kind} of profile ${o.profile}${o.to === undefined ? '' : ` to generation ${o.to}`}`;
  return withHostOperation(ctx, host, kind, what, async (op) => {
    const early = (outcome: 'failed' | 'unchanged', reason: string): HostOutcome =>
      auditedEarlyOutcome(ctx, host.name, kind, outcome, `${host.name}: ${reason}`, op.probe);
    const generations = await listProfileGenerations(ctx.transport, op.remote, o.profile);
    const current = generations.find((g) => g.current);
    if (!current) return early('failed', `profile ${o.profile} has no current generation; nothing was changed`);
    let to = o.to;
    if (to === undefined) {
      const record = recordedProfilePredecessor(ctx.db, host.name, o.profile, current.number);
      if (!record || record.fromGeneration === null)
        return early(
          'failed',
          `no deployment record says what profile ${o.profile} was before generation ${current.number}; pick one with --to GENERATION (see \`airlock generations ${host.name} --profile ${o.profile}\`)`,
        );
      to = record.fromGeneration;
    }
    const target = generations.find((g) => g.number === to);
    if (!target) {
      const has = generations.map((g) => g.number).join(', ');
      return early('failed', `profile ${o.profile} has no generation ${to} (it has ${has || 'none'}); nothing was changed`);
    }
    if (o.toplevel !== undefined && target.target !== o.toplevel)
      return early('failed', `generation ${to} of profile ${o.profile} is now ${target.target}, not ${o.toplevel}; nothing was changed`);
    if (target.current) return early('unchanged', `profile ${o.profile} already is generation ${to}`);
    const from = { generation: current.number, toplevel: current.target };
    const id = startDeployment(
      ctx.db,
      {
        host: host.name,
        kind,
        action: 'switch',
        profile: o.profile,
        fromGeneration: from.generation,
        fromToplevel: from.toplevel,
        toGeneration: to,
        toToplevel: target.target,
        ...(o.reason === undefined ? {} : { reason: o.reason }),
      },
      ctx.env,
    );
    attachDeployment(ctx.db, host.name, id);
    ctx.onEvent?.({ host: host.name, phase: 'activating', message: o.profile });
    const started = Date.now();
    let out: ProfileRollbackOutcome | null = null;
    let reason: string | null = null;
    try {
      out = await rollbackProfile(ctx.transport, op.remote, {
        profile: o.profile,
        generation: to,
        ...(o.activate === undefined ? {} : { activate: o.activate }),
      });
      if (out.activateExit !== null && out.activateExit !== 0)
        reason = `profile ${o.profile} is now generation ${out.generation}, but its ${o.activate} exited ${out.activateExit}`;
    } catch (err) {
      reason = err instanceof Error ? err.message : String(err);
    }
    const outcome = reason === null ? 'succeeded' : 'failed';
    const activationMs = Date.now() - started;
    const finished = finishDeployment(
      ctx.db,
      id,
      {
        outcome,
        ...(reason === null ? {} : { outcomeReason: reason }),
        toGeneration: out?.generation ?? null,
        confirmed: outcome === 'succeeded',
        pathsSent: 0,
        bytesSent: 0,
        activationMs,
        health: [],
      },
      ctx.env,
    );
    await keepOnHost(ctx, op, finished);
    return {
      host: host.name,
      outcome,
      reason,
      deploymentId: id,
      from,
      to: out ? { generation: out.generation, toplevel: out.target } : from,
      pushMethod: null,
      pathsSent: 0,
      bytesSent: 0,
      pushMs: null,
      activationMs,
      health: [],
      activationLog: '',
      rebootNeeded: null,
    };
  });
}
