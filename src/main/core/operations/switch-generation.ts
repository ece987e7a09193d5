// Moving a host to a generation it already has: `switch HOST GEN`, and
// `rollback HOST`, which picks the generation that ran before the current one
// from the deployment records (never blindly number − 1: a generation that
// was rolled back, or made by hand, sits between). Same detached activation,
// confirmation and magic rollback as a deploy.
import type { HostRecord } from '../db/hosts';
import { activateOnHost } from './activate-host';
import type { ActivationOptions, HostsContext } from './deploy-context';
import { auditedEarlyOutcome, withHostOperation, type RunningOperation } from './host-operation';
import type { HostOutcome } from './host-outcome';
import { rollbackTarget } from './rollback-target';

export interface SwitchOptions extends ActivationOptions {
  readonly reason?: string;
}

function switchWithin(
  ctx: HostsContext,
  op: RunningOperation,
  generation: number,
  kind: 'switch' | 'rollback',
  options: SwitchOptions,
): Promise<HostOutcome> {
  const name = op.remote.name;
  const target = op.probe.generations.find((g) => g.generation === generation);
  if (!target?.toplevel) {
    const has = op.probe.generations.map((g) => g.generation).join(', ');
    return Promise.resolve(
      auditedEarlyOutcome(
        ctx,
        name,
        kind,
        'failed',
        `${name} has no generation ${generation} (it has ${has || 'none'}); nothing was changed`,
        op.probe,
      ),
    );
  }
  if (target.current && target.default)
    return Promise.resolve(auditedEarlyOutcome(ctx, name, kind, 'unchanged', `${name} already runs generation ${generation}`, op.probe));
  return activateOnHost(
    ctx,
    op,
    {
      kind,
      action: 'switch',
      toplevel: target.toplevel,
      generation,
      ...(options.reason === undefined ? {} : { reason: options.reason }),
    },
    options,
    { outcome: null, ms: 0 },
  );
}

/** Switches `host` to an existing generation. Destructive: the running system changes; magic rollback guards it. */
export function switchGeneration(ctx: HostsContext, host: HostRecord, generation: number, options: SwitchOptions): Promise<HostOutcome> {
  return withHostOperation(ctx, host, 'switch', `switch to generation ${generation}`, (op) =>
    switchWithin(ctx, op, generation, 'switch', options),
  );
}

/** Rolls `host` back: to `to`, or to what ran before its current generation by the records. */
export function rollbackHost(ctx: HostsContext, host: HostRecord, options: SwitchOptions & { readonly to?: number }): Promise<HostOutcome> {
  return withHostOperation(ctx, host, 'rollback', options.to === undefined ? 'rollback' : `rollback to generation ${options.to}`, (op) => {
    if (options.to !== undefined) return switchWithin(ctx, op, options.to, 'rollback', options);
    const target = rollbackTarget(ctx.db, host.name, op.probe);
    if (target.to === null) {
      return Promise.resolve(
        auditedEarlyOutcome(
          ctx,
          host.name,
          'rollback',
          'failed',
          `${host.name}: ${target.why}; pick one with --to GENERATION (see \`airlock generations ${host.name}\`)`,
          op.probe,
        ),
      );
    }
    return switchWithin(ctx, op, target.to, 'rollback', options);
  });
}
