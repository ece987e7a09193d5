// Deploying one host's system from the offline cache: push what it lacks,
// then make a generation and activate it. The push comes first and changes
// nothing the host runs; the riskiest step, activation, comes last.
import type { HostRecord } from '../db/hosts';
import type { ActivationAction } from '../remote/activate/activation-plan';
import type { CacheHttpServer } from '../remote/push/cache-http-server';
import { readHostClosure } from '../remote/push/host-closure';
import { MirrorPullError } from '../remote/push/mirror-pull';
import type { PushOutcome } from '../remote/push/push-progress';
import { sendSystem, type MirrorChoice } from '../remote/push/send-system';
import { activateOnHost } from './activate-host';
import type { ActivationOptions, DeployContext } from './deploy-context';
import { auditedEarlyOutcome, withHostOperation, type RunningOperation } from './host-operation';
import type { HostOutcome } from './host-outcome';

export interface HostDeployment {
  readonly host: HostRecord;
  readonly toplevel: string;
  readonly action: ActivationAction;
  /** `<site>-<sequence>`. */
  readonly bundle: string;
}

function alreadyThere(op: RunningOperation, d: HostDeployment): boolean {
  const profile = op.probe.generations.find((g) => g.default)?.toplevel ?? null;
  switch (d.action) {
    case 'switch':
      return op.probe.current === d.toplevel && profile === d.toplevel;
    case 'boot':
      return profile === d.toplevel;
    case 'test':
      return op.probe.current === d.toplevel;
    case 'dry-activate':
      return false;
  }
}

export function deployHost(
  ctx: DeployContext,
  d: HostDeployment,
  options: ActivationOptions & { server: () => Promise<CacheHttpServer>; pushMethod?: 'auto' | 'serve'; mirror?: MirrorChoice },
): Promise<HostOutcome> {
  return withHostOperation(ctx, d.host, 'deploy', `deploy of ${d.bundle}`, async (op) => {
    if (alreadyThere(op, d))
      return auditedEarlyOutcome(
        ctx,
        d.host.name,
        'deploy',
        'unchanged',
        `already ${d.action === 'boot' ? 'boots' : 'runs'} ${d.toplevel}`,
        op.probe,
      );
    const closure = await readHostClosure(ctx.layout, d.toplevel);
    const started = Date.now();
    let pushed: PushOutcome;
    ctx.onEvent?.({ host: d.host.name, phase: 'pushing' });
    try {
      pushed = await sendSystem({
        transport: ctx.transport,
        sshPaths: ctx.sshPaths,
        dataDir: ctx.dataDir,
        layout: ctx.layout,
        host: op.remote,
        closure,
        trustedKeys: ctx.trustedKeys,
        server: options.server,
        method: options.pushMethod ?? 'auto',
        ...(options.mirror ? { mirror: options.mirror } : {}),
        onStep: (message) => ctx.onEvent?.({ host: d.host.name, phase: 'pushing', message }),
        ...(ctx.signal ? { signal: ctx.signal } : {}),
        onProgress: (push) => ctx.onEvent?.({ host: d.host.name, phase: 'pushing', push }),
      });
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      if (ctx.signal?.aborted)
        return auditedEarlyOutcome(
          ctx,
          d.host.name,
          'deploy',
          'cancelled',
          `cancelled while sending; ${d.host.name} still runs what it ran`,
          op.probe,
        );
      if (err instanceof MirrorPullError)
        return auditedEarlyOutcome(
          ctx,
          d.host.name,
          'deploy',
          'failed',
          `${why}; nothing was activated (to send it from the laptop instead, deploy with the mirror fallback 'push')`,
          op.probe,
        );
      return auditedEarlyOutcome(
        ctx,
        d.host.name,
        'deploy',
        'failed',
        `sending the system failed, nothing was activated: ${why}`,
        op.probe,
      );
    }
    if (ctx.signal?.aborted)
      return auditedEarlyOutcome(
        ctx,
        d.host.name,
        'deploy',
        'cancelled',
        'cancelled after sending, before activation: nothing was activated',
        op.probe,
      );
    return activateOnHost(ctx, op, { kind: 'deploy', action: d.action, toplevel: d.toplevel, bundle: d.bundle }, options, {
      outcome: pushed,
      ms: Date.now() - started,
    });
  });
}
