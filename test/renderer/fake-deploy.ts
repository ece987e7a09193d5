// The deploy side of the fake API: bundles, plans, operations, deployment
// records and closure diffs as the engine would answer them, kept in memory.
import type { AirlockApi } from '../../src/shared/api';
import type { ClosureDiffView, DeployableBundleView, DeploymentView, HostPlanView, OperationView } from '../../src/shared/schemas';

// The recording of fake-api.ts: keeps the call, answers `out` (typed, so `satisfies` checks every answer).
type Record_ = <T>(name: string, input: unknown, out: T) => Promise<T>;

export const deployable = (sequence: number, hosts: string[]): DeployableBundleView => ({
  name: `accel-ctl-${sequence}`,
  sequence,
  created: '2026-11-20T10:00:00Z',
  description: null,
  systems: hosts.map((host) => ({ host, toplevel: `/nix/store/${'b'.repeat(32)}-nixos-system-${host}-24.05.2`, action: 'switch' })),
});

export const plan = (host: string, over: Partial<HostPlanView> = {}): HostPlanView => ({
  host,
  action: 'switch',
  problem: null,
  unchanged: false,
  pathsToSend: 4,
  bytesToSend: 4096,
  closurePaths: 12,
  rebootNeeded: true,
  current: { toplevel: '/nix/store/x', generation: 1, nixosVersion: '24.05.1', kernelVersion: '6.6.58' },
  target: { toplevel: '/nix/store/y', generation: null, nixosVersion: '24.05.2', kernelVersion: '6.6.59' },
  ...over,
});

export const operation = (id: string, hosts: string[], over: Partial<OperationView> = {}): OperationView => ({
  id,
  kind: 'deploy',
  subject: `accel-ctl-6 to ${hosts.join(', ')}`,
  started: '2026-11-21T09:00:00.000Z',
  finished: null,
  status: 'running',
  cancelRequested: false,
  hosts: hosts.map((host) => ({
    host,
    phase: 'waiting',
    bytesSent: 0,
    bytesTotal: 0,
    pathsSent: 0,
    pathsTotal: 0,
    message: null,
    outcome: null,
  })),
  error: null,
  ...over,
});

export const deployment = (id: number, over: Partial<DeploymentView> = {}): DeploymentView => ({
  id,
  host: 'plc1',
  kind: 'deploy',
  action: 'switch',
  bundle: 'accel-ctl-6',
  reason: null,
  operator: 'root',
  station: null,
  fromGeneration: 1,
  toGeneration: 2,
  startedAt: '2026-11-21T09:00:00Z',
  finishedAt: '2026-11-21T09:01:00Z',
  outcome: 'succeeded',
  outcomeReason: null,
  bytesSent: 10,
  pathsSent: 1,
  ...over,
});

export const diff = (host: string, generation: number): ClosureDiffView => ({
  host,
  from: { generation: 2, toplevel: '/nix/store/a', closureBytes: 1000, paths: 12 },
  to: { generation, toplevel: '/nix/store/b', closureBytes: 900, paths: 12 },
  added: [],
  removed: [],
  changed: [{ name: 'linux', from: ['6.6.59'], to: ['6.6.58'], sizeDelta: -100 }],
});

export function fakeDeployApi(record: Record_) {
  const state = { deployments: [deployment(1)] as DeploymentView[], failStart: '' };
  const api = {
    deploy: {
      bundles: () => record('deployBundles', undefined, [deployable(6, ['plc1', 'hmi1']), deployable(5, ['plc1'])]),
      plan: (input) =>
        record(
          'deployPlan',
          input,
          (input.hosts ?? []).map((h) => plan(h)),
        ),
      start: (input) =>
        state.failStart ? Promise.reject(new Error(state.failStart)) : record('deployStart', input, operation('d1', input.hosts ?? [])),
    },
    operations: {
      list: () => record('operationsList', undefined, []),
      cancel: (input) => record('operationsCancel', input, operation(input.id, ['plc1'], { cancelRequested: true })),
    },
    deployments: {
      list: (input) =>
        record(
          'deploymentsList',
          input,
          state.deployments.filter((d) => input.host === undefined || d.host === input.host),
        ),
    },
  } satisfies Pick<AirlockApi, 'deploy' | 'operations' | 'deployments'>;
  const hosts = {
    switchGeneration: (input) => record('hostsSwitch', input, operation('s1', [input.name], { kind: 'switch' })),
    rollback: (input) => record('hostsRollback', input, operation('r1', [input.name], { kind: 'rollback' })),
    closureDiff: (input) => record('hostsClosureDiff', input, diff(input.name, input.generation)),
    closureSizes: (input) =>
      record('hostsClosureSizes', input, {
        host: input.name,
        sizes: [
          { generation: 2, closureBytes: 1000 },
          { generation: 1, closureBytes: 900 },
        ],
      }),
    closureReport: (input) =>
      record('hostsClosureReport', input, {
        host: input.name,
        generation: input.generation ?? 2,
        toplevel: '/nix/store/t-system',
        source: 'host' as const,
        closureBytes: 111,
        paths: 3,
        byUniqueSize: [
          { path: '/nix/store/t-system', narSize: 1, uniqueSize: 111 },
          { path: '/nix/store/b-glibc', narSize: 100, uniqueSize: 100 },
        ],
        byNarSize: [
          { path: '/nix/store/b-glibc', narSize: 100, uniqueSize: 100 },
          { path: '/nix/store/t-system', narSize: 1, uniqueSize: 111 },
        ],
      }),
    closureWhy: (input) =>
      record('hostsClosureWhy', input, {
        host: input.name,
        generation: input.generation ?? 2,
        toplevel: '/nix/store/t-system',
        source: 'host' as const,
        path: '/nix/store/b-glibc',
        chain: [
          { path: '/nix/store/t-system', narSize: 1, uniqueSize: 111 },
          { path: '/nix/store/b-glibc', narSize: 100, uniqueSize: 100 },
        ],
      }),
  } satisfies Pick<AirlockApi['hosts'], 'switchGeneration' | 'rollback' | 'closureDiff' | 'closureSizes' | 'closureReport' | 'closureWhy'>;
  return { api, hosts, state };
}
