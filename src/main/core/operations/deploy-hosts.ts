// A deploy of one bundle to many hosts: each host gets the system the bundle
// names for it, at most `parallel` hosts at a time, each on its own (one
// host's failure never stops the others). Cancelling stops hosts that have not
// reached activation; activations under way run to their end, so every host
// ends on its old generation or its new one.
import type { HeldManifest } from '../cache/held-manifests';
import type { HostRecord } from '../db/hosts';
import { mapLimit } from '../jobs/map-limit';
import type { ActivationAction } from '../remote/activate/activation-plan';
import { lazyCacheServer } from '../remote/push/push-closure';
import type { MirrorChoice } from '../remote/push/send-system';
import type { ActivationOptions, DeployContext } from './deploy-context';
import { deployHost } from './deploy-host';
import { combineOutcomes, deployProfiles } from './deploy-profile';
import { auditedEarlyOutcome } from './host-operation';
import { isSuccess, type HostOutcome } from './host-outcome';

export interface DeployRequest extends ActivationOptions {
  readonly bundle: HeldManifest;
  readonly hosts: readonly HostRecord[];
  /** Overrides each system's own action from the bundle. */
  readonly action?: ActivationAction;
  readonly parallel: number;
  /** 'serve' skips the forward (hosts known to refuse it); 'auto' tries it first. */
  readonly pushMethod?: 'auto' | 'serve';
  /** Each host pulls its system from this site mirror instead of being sent it from the laptop. */
  readonly mirror?: MirrorChoice;
}

export async function deployHosts(ctx: DeployContext, req: DeployRequest): Promise<HostOutcome[]> {
  const server = lazyCacheServer(ctx.layout);
  const bundle = `${req.bundle.manifest.site}-${req.bundle.manifest.sequence}`;
  try {
    return await mapLimit(req.hosts, req.parallel, async (host) => {
      const system = req.bundle.manifest.systems.find((s) => s.host === host.name);
      const profiles = (req.bundle.manifest.profiles ?? []).filter((p) => p.host === host.name);
      if (!system && profiles.length === 0)
        return auditedEarlyOutcome(
          ctx,
          host.name,
          'deploy',
          'failed',
          `bundle ${bundle} carries no system nor profile for ${host.name}; nothing was changed`,
        );
      ctx.onEvent?.({ host: host.name, phase: 'waiting' });
      const options = { ...req, server: server.get };
      // A host with only profiles is not asked to be NixOS: its profiles are all it gets.
      if (!system) return deployProfiles(ctx, { host, profiles, bundle }, options);
      const deployed = await deployHost(ctx, { host, toplevel: system.toplevel, action: req.action ?? system.action, bundle }, options);
      // Profiles beside a system follow it only once the system is in place.
      if (profiles.length === 0 || !isSuccess(deployed)) return deployed;
      return combineOutcomes([deployed, await deployProfiles(ctx, { host, profiles, bundle }, options)]);
    });
  } finally {
    await server.close();
  }
}
