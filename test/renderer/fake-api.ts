// The one fake in these tests: an AirlockApi held in memory, written to
// `satisfies` the real interface so it cannot drift from the contract. Calls
// are recorded; `emit` plays the engine's events.
import type { AirlockApi } from '../../src/shared/api';
import type { AirlockEvent, EventListener } from '../../src/shared/events';
import type { AuditFilter, GenerationInfo, HostProbeView, HostSummary, JobView, MirrorView } from '../../src/shared/schemas';
import { fakeDeployApi } from './fake-deploy';
import { fakeIncidentApi } from './fake-incident';

export const generation = (n: number, flags: Partial<GenerationInfo> = {}): GenerationInfo => ({
  generation: n,
  date: `2026-11-2${n}T10:00:00.000Z`,
  toplevel: `/nix/store/${String(n).repeat(32)}-nixos-system-${n}`,
  current: false,
  booted: false,
  default: false,
  nixosVersion: `24.05.${n}`,
  kernelVersion: '6.6.58',
  ...flags,
});

export const probe = (
  name: string,
  reachable = true,
  generations: GenerationInfo[] = [generation(1, { current: true, booted: true, default: true })],
): HostProbeView => ({
  name,
  reachable,
  ...(reachable ? {} : { error: `${name} is unreachable: Connection refused` }),
  nixVersion: reachable ? '2.18.1' : null,
  current: reachable ? (generations[0]?.toplevel ?? null) : null,
  booted: null,
  defaultGeneration: reachable ? 1 : null,
  generations: reachable ? generations : [],
  freeBytesNix: 1 << 30,
  rebootNeeded: false,
  probedAt: '2026-11-21T09:00:00.000Z',
  lastSeenAt: reachable ? '2026-11-21T09:00:00.000Z' : null,
  rollback: { to: null, why: 'no deployment record says what ran before' },
});

export const host = (name: string, tags: string[], p: HostProbeView | null = null): HostSummary => ({
  name,
  address: '10.1.0.11',
  port: 22,
  user: 'root',
  tags,
  keyType: 'ssh-ed25519',
  fingerprint: `SHA256:${'A'.repeat(43)}`,
  added: '2026-11-20T10:00:00Z',
  probe: p,
  lastDeployment: null,
  busyWith: null,
  lastKnownGood: null,
  latestBundleSystem: null,
});

export const job = (id: string, over: Partial<JobView> = {}): JobView => ({
  id,
  kind: 'cache-import',
  subject: '/media/stick/accel-ctl-1.airlock',
  started: '2026-11-21T09:00:00.000Z',
  status: 'running',
  progress: { bytesDone: 0, bytesTotal: 100, pathsDone: 0, pathsTotal: 3 },
  message: null,
  rule: null,
  details: [],
  ...over,
});

export function fakeApi() {
  const calls: { name: string; input?: unknown }[] = [];
  const listeners = new Set<EventListener>();
  const state = {
    hosts: [host('plc1', ['plc']), host('hmi1', ['hmi'])],
    cacheStatusCalls: 0,
    failTrust: '',
    mirrors: [] as MirrorView[],
  };
  const record = <T>(name: string, input: unknown, out: T): Promise<T> => {
    calls.push({ name, input });
    return Promise.resolve(out);
  };
  const notUsed = (name: string) => () => Promise.reject(new Error(`${name} is not used by these tests`));
  const deploy = fakeDeployApi(record);
  const incident = fakeIncidentApi(record);
  const api = {
    app: {
      version: () => record('appVersion', undefined, '0.1.0'),
      capabilities: () => record('appCapabilities', undefined, { nativeFolderPicker: true }),
      pickFolder: (input) => record('dialogPickFolder', input, '/media/operator/STICK'),
    },
    site: { show: () => record('siteShow', undefined, null), init: notUsed('site.init') },
    keys: { readFile: notUsed('keys.readFile') },
    trust: {
      add: (input) =>
        state.failTrust
          ? Promise.reject(new Error(state.failTrust))
          : record('trustAdd', input, { ...input, kind: input.kind, name: 'k', key: 'x', added: 'now' }),
      remove: notUsed('trust.remove'),
      setThreshold: notUsed('trust.setThreshold'),
    },
    settings: {
      get: () => record('settingsGet', undefined, { probeIntervalMs: 30_000, dataDir: '/data', mediaRoots: [] }),
      set: notUsed('settings.set'),
    },
    hosts: {
      list: () => record('hostsList', undefined, state.hosts),
      probe: (input) =>
        record(
          'hostsProbe',
          input,
          state.hosts.map((h) => probe(h.name)),
        ),
      generations: (input) =>
        record('hostsGenerations', input, {
          name: input.name,
          reachable: true,
          error: null,
          generations: [generation(2, { default: true }), generation(1, { current: true, booted: true })],
        }),
      scanKey: notUsed('hosts.scanKey'),
      add: notUsed('hosts.add'),
      remove: notUsed('hosts.remove'),
      set: notUsed('hosts.set'),
      badMarks: (input) => record('hostsBadMarks', input, []),
      profiles: (input) => record('hostsProfiles', input, []),
      markBad: notUsed('hosts.markBad'),
      unmarkBad: notUsed('hosts.unmarkBad'),
      reboot: notUsed('hosts.reboot'),
      ...deploy.hosts,
      ...incident.hosts,
    },
    media: { list: () => record('mediaList', undefined, []) },
    bundles: {
      list: notUsed('bundles.list'),
      inspect: notUsed('bundles.inspect'),
      verify: (input) => record('bundlesVerify', input, job('v1', { kind: 'bundle-verify', subject: input.folder })),
    },
    cache: {
      status: () => {
        state.cacheStatusCalls++;
        return record('cacheStatus', undefined, {
          root: '/media/stick/airlock',
          problem: null,
          paths: 3,
          fileBytes: 10,
          narBytes: 20,
          totalBytes: null,
          freeBytes: null,
          bundles: [],
          unreadable: [],
        });
      },
      use: notUsed('cache.use'),
      import: (input) => record('cacheImport', input, job('j1', { subject: input.folder })),
      verify: notUsed('cache.verify'),
      gcPreview: notUsed('cache.gcPreview'),
      gc: notUsed('cache.gc'),
    },
    mirrors: {
      list: () => record('mirrorsList', undefined, state.mirrors),
      add: notUsed('mirrors.add'),
      remove: notUsed('mirrors.remove'),
      publish: notUsed('mirrors.publish'),
    },
    jobs: {
      list: () => record('jobsList', undefined, []),
      cancel: (input) => record('jobsCancel', input, job(input.id, { status: 'cancelled' })),
    },
    ...deploy.api,
    ...incident.api,
    audit: {
      list: (input: AuditFilter) => record('auditList', input, []),
      export: (input) => record('auditExport', input, { fileName: `a.${input.format}`, mimeType: 'text/csv', content: '' }),
      verify: () => record('auditVerify', undefined, { ok: true, rows: 0, firstBadRow: null, problem: null }),
      verifyCopies: () => record('auditVerifyCopies', undefined, { dir: '/media/stick/airlock/airlock-audit', copies: [] }),
    },
    events: {
      subscribe: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
  } satisfies AirlockApi;
  const emit = (event: AirlockEvent): void => {
    for (const l of listeners) l(event);
  };
  return { api, calls, state, deployState: deploy.state, incidentState: incident.state, emit, listeners };
}
