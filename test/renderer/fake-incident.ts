// The incident side of the fake API: selections, plans with preflight, the
// incident operation and its record and report, health checks and cleaning,
// as the engine would answer them, kept in memory.
import type { AirlockApi } from '../../src/shared/api';
import type { GenerationCleanView, HealthCheckView, IncidentHostPlanView, IncidentRecordView } from '../../src/shared/schemas';
import { operation } from './fake-deploy';

type Record_ = <T>(name: string, input: unknown, out: T) => Promise<T>;

const top = (n: number) => `/nix/store/${String(n).repeat(32)}-nixos-system`;

export const incidentPlan = (host: string, over: Partial<IncidentHostPlanView> = {}): IncidentHostPlanView => ({
  host,
  current: { generation: 4, toplevel: top(4), kernelVersion: '6.6.59' },
  target: { generation: 2, toplevel: top(2), deploymentId: 1, confirmedAt: '2026-11-20T10:00:00Z' },
  problem: null,
  unchanged: false,
  rebootNeeded: true,
  diff: {
    added: [],
    removed: [],
    changed: [{ name: 'linux', from: ['6.6.59'], to: ['6.6.58'], sizeDelta: -10 }],
    fromBytes: 100,
    toBytes: 90,
  },
  ...over,
});

export const incidentRecord = (id: number, hosts: string[]): IncidentRecordView => ({
  id,
  reason: 'PLC timeouts',
  operator: 'root',
  mode: 'parallel',
  parallel: 8,
  selection: 'latest deployment accel-ctl-7',
  startedAt: '2026-11-21T09:00:00Z',
  finishedAt: '2026-11-21T09:02:00Z',
  outcome: 'succeeded',
  startAuditId: 1,
  endAuditId: 9,
  reportFile: `/data/incidents/incident-${id}.md`,
  hosts: hosts.map((host) => ({
    host,
    status: 'rolled-back',
    reason: null,
    canary: false,
    before: { generation: 4, toplevel: top(4) },
    target: incidentPlan(host).target,
    after: { generation: 2, toplevel: top(2) },
    deploymentId: 5,
    health: [],
    rebootNeeded: true,
    diff: null,
  })),
});

export const cleanPreview = (host: string, keep: number): GenerationCleanView => ({
  host,
  applied: false,
  plan: {
    keepNewest: keep,
    kept: [
      { generation: 4, why: ['newest', 'current'] },
      { generation: 2, why: ['last-known-good'] },
    ],
    deleted: [
      { generation: 3, date: null, toplevel: top(3) },
      { generation: 1, date: null, toplevel: top(1) },
    ],
  },
});

export function fakeIncidentApi(record: Record_) {
  const state = { checks: [] as HealthCheckView[], incidents: [incidentRecord(1, ['plc1', 'hmi1'])], planProblem: '' };
  const api = {
    incident: {
      select: (input) =>
        record('incidentSelect', input, {
          hosts: ['hmi1', 'plc1'],
          selection: input.kind === 'latest-deployment' ? 'latest deployment accel-ctl-7' : input.kind,
        }),
      plan: (input) =>
        record('incidentPlan', input, {
          selection: 'latest deployment accel-ctl-7',
          hosts: [incidentPlan('hmi1', state.planProblem ? { problem: state.planProblem, diff: null } : {}), incidentPlan('plc1')],
        }),
      start: (input) =>
        record('incidentStart', input, operation('i1', ['hmi1', 'plc1'], { kind: 'incident', subject: 'incident rollback of hmi1, plc1' })),
    },
    incidents: {
      list: () => record('incidentsList', undefined, state.incidents),
      report: (input) =>
        record('incidentReport', input, {
          id: input.id,
          fileName: `incident-${input.id}.md`,
          file: null,
          markdown: `# Incident ${input.id}: PLC timeouts\n`,
        }),
    },
    checks: {
      list: () => record('checksList', undefined, state.checks),
      add: (input) => {
        const check: HealthCheckView = {
          id: state.checks.length + 1,
          added: 'now',
          host: 'host' in input.scope ? input.scope.host : null,
          tag: 'tag' in input.scope ? input.scope.tag : null,
          spec: input.spec,
        };
        state.checks.push(check);
        return record('checksAdd', input, check);
      },
      remove: (input) => {
        const gone = state.checks.find((c) => c.id === input.id) as HealthCheckView;
        state.checks = state.checks.filter((c) => c.id !== input.id);
        return record('checksRemove', input, gone);
      },
    },
  } satisfies Pick<AirlockApi, 'incident' | 'incidents' | 'checks'>;
  const hosts = {
    cleanPreview: (input) => record('hostsCleanPreview', input, cleanPreview(input.name, input.keep)),
    clean: (input) => record('hostsClean', input, { ...cleanPreview(input.name, input.keep), applied: true }),
  } satisfies Pick<AirlockApi['hosts'], 'cleanPreview' | 'clean'>;
  return { api, hosts, state };
}
