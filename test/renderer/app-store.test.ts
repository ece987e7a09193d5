// The store's slices against a fake API that satisfies the real AirlockApi:
// loading, engine events fed in from outside React, jobs that finish, filters.
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../src/renderer/src/store/app-store';
import { connectEvents } from '../../src/renderer/src/store/events';
import { latestJob } from '../../src/renderer/src/store/jobs-slice';
import { filterHosts } from '../../src/renderer/src/screens/fleet/filter-hosts';
import { hostState } from '../../src/renderer/src/components/host-state';
import { fakeApi, generation, job, probe } from './fake-api';

const settle = () => new Promise((r) => setTimeout(r, 0));

function setUp() {
  const fake = fakeApi();
  const store = createAppStore(fake.api);
  const stop = connectEvents(store, fake.api);
  return { ...fake, store, stop };
}

describe('hosts slice', () => {
  it('loads hosts, then shows each probe that arrives as an event, in a word', async () => {
    const { store, emit } = setUp();
    await store.getState().loadHosts();
    expect(store.getState().hosts.map((h) => [h.name, hostState(h)])).toEqual([
      ['plc1', 'not probed'],
      ['hmi1', 'not probed'],
    ]);
    emit({ type: 'probes', probes: [probe('plc1'), probe('hmi1', false)] });
    expect(store.getState().hosts.map(hostState)).toEqual(['online', 'offline']);
    emit({ type: 'probes', probes: [{ ...probe('plc1'), rebootNeeded: true }] });
    expect(store.getState().hosts.map(hostState)).toEqual(['needs reboot', 'offline']);
  });

  it('filters by tag and by text (name, state, version)', async () => {
    const { store, emit } = setUp();
    await store.getState().loadHosts();
    emit({ type: 'probes', probes: [probe('plc1'), probe('hmi1', false)] });
    const shown = () => filterHosts(store.getState().hosts, store.getState().hostFilter).map((h) => h.name);
    store.getState().setHostFilter({ tag: 'plc' });
    expect(shown()).toEqual(['plc1']);
    store.getState().setHostFilter({ tag: '', text: 'OFFLINE' });
    expect(shown()).toEqual(['hmi1']);
    store.getState().setHostFilter({ text: '24.05.1' });
    expect(shown()).toEqual(['plc1']);
  });

  it('reloads hosts when the engine says they changed', async () => {
    const { store, emit, calls } = setUp();
    emit({ type: 'changed', what: 'hosts' });
    await settle();
    expect(calls.filter((c) => c.name === 'hostsList')).toHaveLength(1);
    expect(store.getState().hostsLoaded).toBe(true);
  });
});

describe('generations slice', () => {
  it('loads a host generations newest first, and follows later probes of that host', async () => {
    const { store, emit, calls } = setUp();
    store.getState().openHost('plc1');
    expect(store.getState().screen).toBe('Host');
    await settle();
    expect(calls).toContainEqual({ name: 'hostsGenerations', input: { name: 'plc1' } });
    expect(store.getState().generationsByHost.plc1?.generations.map((g) => g.generation)).toEqual([2, 1]);
    emit({ type: 'probes', probes: [probe('plc1', true, [generation(3, { current: true }), generation(2), generation(1)])] });
    expect(store.getState().generationsByHost.plc1?.generations.map((g) => g.generation)).toEqual([3, 2, 1]);
    emit({ type: 'probes', probes: [probe('plc1', false)] });
    expect(store.getState().generationsByHost.plc1).toMatchObject({ reachable: false, error: expect.stringContaining('unreachable') });
  });
});

describe('jobs slice', () => {
  it('follows an import from its start through progress events to its end, then reloads the cache', async () => {
    const { store, emit, state } = setUp();
    await store.getState().importBundle('/media/stick/accel-ctl-1.airlock');
    expect(latestJob(store.getState().jobs, 'cache-import', '/media/stick/accel-ctl-1.airlock')?.status).toBe('running');
    emit({ type: 'job', job: job('j1', { progress: { bytesDone: 50, bytesTotal: 100, pathsDone: 1, pathsTotal: 3 } }) });
    expect(store.getState().jobs.j1?.progress.bytesDone).toBe(50);
    const before = state.cacheStatusCalls;
    emit({ type: 'job', job: job('j1', { status: 'done', message: 'accepted accel-ctl-1: 3 paths added' }) });
    expect(store.getState().jobs.j1).toMatchObject({ status: 'done', message: 'accepted accel-ctl-1: 3 paths added' });
    await settle();
    expect(state.cacheStatusCalls).toBe(before + 1);
  });

  it('never lets a late progress event reopen a job that ended, and keeps a refusal rule', () => {
    const { store, emit } = setUp();
    emit({ type: 'job', job: job('j2', { status: 'refused', rule: 7, message: 'NAR hash mismatch' }) });
    emit({ type: 'job', job: job('j2', { progress: { bytesDone: 99, bytesTotal: 100, pathsDone: 2, pathsTotal: 3 } }) });
    expect(store.getState().jobs.j2).toMatchObject({ status: 'refused', rule: 7 });
  });

  it('keeps the reason a job could not start', async () => {
    const { store, api } = setUp();
    api.cache.import = () => Promise.reject(new Error("Error invoking remote method 'cache:import': Error: no offline cache chosen yet"));
    await store.getState().importBundle('/x');
    expect(store.getState().jobError).toBe('no offline cache chosen yet');
  });
});

describe('media, audit and site slices', () => {
  it('takes media lists from events', () => {
    const { store, emit } = setUp();
    const medium = {
      mountPoint: '/media/stick',
      label: 'STICK',
      fsName: 'exFAT',
      totalBytes: 1,
      freeBytes: 1,
      limits: null,
      cache: null,
      bundles: [],
      brokenBundles: [],
    };
    emit({ type: 'media', media: [medium] });
    expect(store.getState().media).toEqual([medium]);
  });

  it('sends only the audit filters that are set, and reloads the log on audit events once shown', async () => {
    const { store, emit, calls } = setUp();
    await store.getState().setAuditFilter({ since: '', action: 'host', outcome: undefined, text: '' });
    expect(calls.at(-1)).toEqual({ name: 'auditList', input: { action: 'host' } });
    emit({ type: 'audit', id: 9 });
    await settle();
    expect(calls.filter((c) => c.name === 'auditList')).toHaveLength(2);
    expect(await store.getState().exportAudit('csv')).toMatchObject({ fileName: 'a.csv' });
    expect(calls.at(-1)).toEqual({ name: 'auditExport', input: { action: 'host', format: 'csv' } });
  });

  it("keeps a refused trust change's reason without Electron's wrapper, and reports it as not done", async () => {
    const { store, state } = setUp();
    state.failTrust = "Error invoking remote method 'trust:add': SiteRefusal: bundle key 'k' is already trusted";
    expect(await store.getState().addTrustedKey('bundle', 'k:AAAA')).toBe(false);
    expect(store.getState().siteError).toBe("bundle key 'k' is already trusted");
  });

  it('stops listening when disconnected', () => {
    const { stop, listeners } = setUp();
    expect(listeners.size).toBe(1);
    stop();
    expect(listeners.size).toBe(0);
  });
});

describe('ui slice: the native folder picker', () => {
  it('is offered only where the face says it has one, and returns the chosen folder', async () => {
    const { api, calls } = fakeApi();
    const store = createAppStore(api);
    expect(store.getState().nativeFolderPicker).toBe(false);
    await store.getState().loadCapabilities();
    expect(store.getState().nativeFolderPicker).toBe(true);
    expect(await store.getState().pickFolder('Bundle folder')).toBe('/media/operator/STICK');
    expect(calls.at(-1)).toEqual({ name: 'dialogPickFolder', input: { title: 'Bundle folder' } });
  });
});
