// The Deploy screen's calls: the bundles the offline cache holds, the plan per
// host, starting a deploy as an operation (see service-operations.ts) and
// cancelling it, and the deployment records. The engine enforces one
// operation per host; a busy host comes back as an outcome naming who holds it.
import type { ApiHandlers } from '../../shared/api';
import type { DeployableBundleView, DeploymentView, DeployInput } from '../../shared/schemas';
import type { HeldManifest } from './cache/held-manifests';
import { readHeldManifests } from './cache/held-manifests';
import { listDeployments, type Deployment } from './db/deployments';
import { requireHost, type HostRecord } from './db/hosts';
import { requireSite } from './db/site-store';
import { chooseBundle } from './remote/deploy/bundle-choice';
import { DEFAULT_ACTIVATION_TIMEOUT_SECONDS, DEFAULT_CONFIRM_TIMEOUT_SECONDS, deployContextFor, hostsContextFor, type DeployContext, type HostsContext } from './remote/deploy/deploy-context';
import { deployHosts } from './remote/deploy/deploy-hosts';
import { planDeploy } from './remote/deploy/deploy-plan';
import type { ServiceContext } from './service-context';
import { requireCache } from './service-cache';
import type { OperationHooks, OperationRunner } from './service-operations';
import { Refusal } from './refusal-error';

type DeployHandlers = Pick<ApiHandlers, 'deployBundles' | 'deployPlan' | 'deployStart' | 'operationsList' | 'operationsCancel' | 'deploymentsList'>;

export const ACTIVATION_DEFAULTS = { confirmTimeoutSeconds: DEFAULT_CONFIRM_TIMEOUT_SECONDS, activationTimeoutSeconds: DEFAULT_ACTIVATION_TIMEOUT_SECONDS };

/** The engine's context for host operations, as the CLI builds it (host-operations.ts), on the service's shared transport. */
export function hostsContext(ctx: ServiceContext, hooks?: OperationHooks): HostsContext {
  return hostsContextFor(ctx.db(), ctx.dataDir, { transport: ctx.transport, ...hooks });
}

async function deployContext(ctx: ServiceContext, hooks?: OperationHooks): Promise<DeployContext> {
  const layout = await requireCache(ctx);
  return deployContextFor(hostsContext(ctx, hooks), layout);
}

export function deploymentView(d: Deployment): DeploymentView {
  return {
    id: d.id, host: d.host, kind: d.kind, action: d.action, bundle: d.bundle ?? null, reason: d.reason ?? null, operator: d.operator,
    fromGeneration: d.fromGeneration, toGeneration: d.toGeneration, startedAt: d.startedAt, finishedAt: d.finishedAt,
    outcome: d.outcome, outcomeReason: d.outcomeReason, bytesSent: d.bytesSent, pathsSent: d.pathsSent,
  };
}

function bundleView({ name, manifest: m }: HeldManifest): DeployableBundleView {
  return { name, sequence: m.sequence, created: m.created, description: m.description ?? null, systems: m.systems.map((s) => ({ host: s.host, toplevel: s.toplevel, action: s.action })) };
}

/** The bundle and hosts asked for, refused (as `airlock deploy` refuses) when the bundle carries no system for one. */
async function chosen(ctx: ServiceContext, input: DeployInput): Promise<{ bundle: HeldManifest; hosts: HostRecord[] }> {
  const db = ctx.db();
  const bundle = await chooseBundle(await requireCache(ctx), requireSite(db).name, input.bundle);
  const hosts = [...new Set(input.hosts)].map((n) => requireHost(db, n));
  const without = hosts.filter((h) => !bundle.manifest.systems.some((s) => s.host === h.name)).map((h) => h.name);
  if (without.length > 0) throw new Refusal(`bundle ${bundle.name} carries no system for ${without.join(', ')}; nothing was deployed`);
  return { bundle, hosts };
}

export function deployHandlers(ctx: ServiceContext, operations: OperationRunner): DeployHandlers {
  return {
    deployBundles: async () => {
      const site = requireSite(ctx.db()).name;
      const { manifests } = await readHeldManifests(await requireCache(ctx));
      return manifests.filter((m) => m.manifest.site === site).sort((a, b) => b.manifest.sequence - a.manifest.sequence).map(bundleView);
    },
    deployPlan: async (input) => {
      const { bundle, hosts } = await chosen(ctx, input);
      return planDeploy(await deployContext(ctx), bundle, hosts, input.action);
    },
    deployStart: async (input) => {
      const { bundle, hosts } = await chosen(ctx, input);
      const names = hosts.map((h) => h.name);
      // Checked now, so a missing cache is refused at once rather than as a failed operation.
      await deployContext(ctx);
      return operations.start('deploy', `${bundle.name} to ${names.join(', ')}`, names, async (hooks) =>
        deployHosts(await deployContext(ctx, hooks), { bundle, hosts, parallel: 8, ...ACTIVATION_DEFAULTS, ...(input.action ? { action: input.action } : {}) }),
      );
    },
    operationsList: async () => operations.list(),
    operationsCancel: async ({ id }) => operations.cancel(id),
    deploymentsList: async ({ host, limit }) => listDeployments(ctx.db(), { ...(host === undefined ? {} : { host }), ...(limit === undefined ? {} : { limit }) }).map(deploymentView),
  };
}
