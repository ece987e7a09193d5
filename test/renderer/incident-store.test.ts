// The incident, health check and clean slices against the fake API: the
// selection becomes the plan's input, a changed choice makes the plan stale,
// no run without a reason, the run followed through its operation to the
// record and report, checks added and removed, and a clean that deletes only
// what the preview named.
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../src/renderer/src/store/app-store';
import { connectEvents } from '../../src/renderer/src/store/events';
import { fakeApi } from './fake-api';
import { operation } from './fake-deploy';

const settle = () => new Promise((r) => setTimeout(r, 0));

function setUp() {
  const fake = fakeApi();
  const store = createAppStore(fake.api);
  connectEvents(store, fake.api);
  return { ...fake, store };
}

describe('incident slice', () => {
  it('opens on "changed by the latest deployment", names its hosts, and plans that selection', async () => {
    const { store, calls } = setUp();
    store.getState().openIncident();
    await settle();
    expect(store.getState().screen).toBe('Incident');
    expect(store.getState().latestDeployment).toEqual({ hosts: ['hmi1', 'plc1'], selection: 'latest deployment accel-ctl-7' });
    await store.getState().planIncident();
    expect(calls.filter((c) => c.name === 'incidentPlan').at(-1)?.input).toEqual({ kind: 'latest-deployment' });
    expect(store.getState().incidentPlan?.hosts.map((h) => h.host)).toEqual(['hmi1', 'plc1']);
    store.getState().editIncident({ kind: 'tag', tag: 'plc' });
    expect(store.getState().incidentPlan).toBeNull();
    await store.getState().planIncident();
    expect(calls.at(-1)).toEqual({ name: 'incidentPlan', input: { kind: 'tag', tag: 'plc' } });
  });

  it('refuses to run without a reason, then runs and ends on the record and report of the incident it started', async () => {
    const { store, calls, emit } = setUp();
    store.getState().editIncident({ kind: 'hosts', names: ['plc1', 'hmi1'] });
    await store.getState().planIncident();
    store.getState().setIncidentRun({ reason: '   ' });
    expect(await store.getState().startIncident()).toBe(false);
    expect(store.getState().incidentError).toMatch(/reason/);
    expect(calls.some((c) => c.name === 'incidentStart')).toBe(false);

    store.getState().setIncidentRun({ reason: ' PLC timeouts ', mode: 'canary', parallel: 2 });
    expect(await store.getState().startIncident()).toBe(true);
    expect(calls.at(-1)).toEqual({
      name: 'incidentStart',
      input: { selection: { kind: 'hosts', names: ['plc1', 'hmi1'] }, reason: 'PLC timeouts', mode: 'canary', parallel: 2 },
    });
    expect(store.getState().incidentOperationId).toBe('i1');
    emit({ type: 'operation', operation: operation('i1', ['hmi1', 'plc1'], { kind: 'incident', incidentId: 1 }) });
    expect(store.getState().incidentRecord).toBeNull();
    emit({ type: 'operation', operation: operation('i1', ['hmi1', 'plc1'], { kind: 'incident', incidentId: 1, status: 'finished' }) });
    await settle();
    expect(calls.filter((c) => c.name === 'incidentReport').map((c) => c.input)).toEqual([{ id: 1 }]);
    expect(store.getState().incidentRecord?.hosts.map((h) => [h.host, h.status])).toEqual([
      ['plc1', 'rolled-back'],
      ['hmi1', 'rolled-back'],
    ]);
    expect(store.getState().incidentReport?.markdown).toContain('# Incident 1');
    store.getState().resetIncident();
    expect([store.getState().incidentOperationId, store.getState().incidentRecord, store.getState().incidentDraft.reason]).toEqual([
      null,
      null,
      '',
    ]);
  });
});

describe('health checks and clean slices', () => {
  it('adds a command check per tag and a TCP check per host, then removes one', async () => {
    const { store, calls } = setUp();
    expect(
      await store
        .getState()
        .addCheck({ scope: { tag: 'plc' }, spec: { kind: 'command', command: 'true', expectStatus: 0, timeoutSeconds: 5 } }),
    ).toBe(true);
    expect(await store.getState().addCheck({ scope: { host: 'plc1' }, spec: { kind: 'tcp', port: 22, timeoutSeconds: 5 } })).toBe(true);
    expect(store.getState().checks.map((c) => [c.tag ?? c.host, c.spec.kind])).toEqual([
      ['plc', 'command'],
      ['plc1', 'tcp'],
    ]);
    await store.getState().removeCheck(1);
    expect(calls.filter((c) => c.name === 'checksRemove').map((c) => c.input)).toEqual([{ id: 1 }]);
    expect(store.getState().checks.map((c) => c.id)).toEqual([2]);
  });

  it('previews a clean, and the run names exactly the generations of the preview', async () => {
    const { store, calls } = setUp();
    expect(await store.getState().runClean('plc1')).toBe(false);
    await store.getState().previewClean('plc1', 2);
    expect(store.getState().cleanByHost.plc1?.result?.plan.deleted.map((g) => g.generation)).toEqual([3, 1]);
    expect(calls.some((c) => c.name === 'hostsClean')).toBe(false);
    expect(await store.getState().runClean('plc1')).toBe(true);
    expect(calls.find((c) => c.name === 'hostsClean')?.input).toEqual({ name: 'plc1', keep: 2, generations: [3, 1] });
    expect(store.getState().cleanByHost.plc1?.result?.applied).toBe(true);
    // Once applied, the same result is never sent again.
    expect(await store.getState().runClean('plc1')).toBe(false);
  });
});
