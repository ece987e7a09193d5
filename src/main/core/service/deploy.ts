// The Deploy screen's calls: the bundles the offline cache holds, the plan per
// host, starting a deploy as an operation (see operations.ts) and
// cancelling it, and the deployment records. The verbs are the use cases';
// this file adds the views and runs the deploy as an operation.
import type { ApiHandlers } from '../../../shared/api';
import type { DeployableBundleView, DeployInput } from '../../../shared/schemas';
import type { HeldManifest } from '../cache/held-manifests';
import { deploymentRecordsOf } from '../usecases/host-standing';
import type { ServiceContext } from './context';
import type { OperationRunner } from './operations';
import { deploymentView } from './views';
import {
  deployableBundles,
  planDeployment,
  prepareDeploy,
  type DeployRequest,
  type DeployTarget,
  type HostChoice,
} from '../usecases/deploy';

type DeployHandlers = Pick<
  ApiHandlers,
  'deployBundles' | 'deployPlan' | 'deployStart' | 'operationsList' | 'operationsCancel' | 'deploymentsList'
>;

function bundleView({ name, manifest: m }: HeldManifest): DeployableBundleView {
  return {
    name,
    sequence: m.sequence,
    created: m.created,
    description: m.description ?? null,
    systems: m.systems.map((s) => ({ host: s.host, toplevel: s.toplevel, action: s.action })),
  };
}

const choiceOf = (input: DeployInput): HostChoice =>
  input.all ? { kind: 'all' } : input.tag !== undefined ? { kind: 'tag', tag: input.tag } : { kind: 'names', names: input.hosts ?? [] };

const targetOf = (input: DeployInput): DeployTarget => ({
  bundle: input.bundle,
  hosts: choiceOf(input),
  ...(input.action ? { action: input.action } : {}),
});

/** The screen's options, as the command line's flags hand them to the same use case. */
function requestOf(input: DeployInput): DeployRequest {
  const { confirmTimeoutSeconds, magicRollback, parallel, waves, maxFailed, mirror, mirrorFallback } = input;
  return {
    ...targetOf(input),
    ...(confirmTimeoutSeconds === undefined ? {} : { confirmTimeoutSeconds }),
    ...(magicRollback === undefined ? {} : { magicRollback }),
    ...(parallel === undefined ? {} : { parallel }),
    ...(waves === undefined || waves.trim() === '' ? {} : { waves }),
    ...(maxFailed === undefined ? {} : { maxFailed }),
    ...(mirror === undefined ? {} : { mirror }),
    ...(mirror === undefined || mirrorFallback === undefined ? {} : { mirrorFallback }),
  };
}

export function deployHandlers(ctx: ServiceContext, operations: OperationRunner): DeployHandlers {
  return {
    deployBundles: async () => (await deployableBundles(ctx.uc)).map(bundleView),
    deployPlan: async (input) => planDeployment(ctx.uc, targetOf(input)),
    deployStart: async (input) => {
      // Checked now, so a bad choice or a missing cache is refused at once rather than as a failed operation.
      const prepared = await prepareDeploy(ctx.uc, requestOf(input));
      const names = prepared.hosts.map((h) => h.name);
      const inWaves = prepared.waves.length > 1 ? ` in ${prepared.waves.length} waves` : '';
      const fromMirror = prepared.mirror ? ` from mirror ${prepared.mirror.name}` : '';
      return operations.start('deploy', `${prepared.bundle.name} to ${names.join(', ')}${inWaves}${fromMirror}`, names, (hooks) =>
        prepared.run({ ...hooks, onWaves: (waves) => hooks.annotate({ waves: waves.map((w) => ({ ...w, hosts: [...w.hosts] })) }) }),
      );
    },
    operationsList: async () => operations.list(),
    operationsCancel: async ({ id }) => operations.cancel(id),
    deploymentsList: async ({ host, limit }) =>
      deploymentRecordsOf(ctx.uc, { ...(host === undefined ? {} : { host }), ...(limit === undefined ? {} : { limit }) }).map(
        deploymentView,
      ),
  };
}
