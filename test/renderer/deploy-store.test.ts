// The deploy slices against the fake API: choosing a bundle and hosts (from
// the Fleet's selection too), the plan, a deploy followed through operation
// events to its end, cancel, switch and rollback, the diff, and the Fleet's
// deploy states in words.
import { describe, expect, it } from 'vitest';
import { hostFlags } from '../../src/renderer/src/components/host-flags';
import { mirrorWords } from '../../src/renderer/src/components/mirror-words';
import { createAppStore } from '../../src/renderer/src/store/app-store';
import { connectEvents } from '../../src/renderer/src/store/events';
import { busyHosts } from '../../src/renderer/src/store/operations-slice';
import { fakeApi, host, probe } from './fake-api';
import { deployment, operation } from './fake-deploy';

const settle = () => new Promise((r) => setTimeout(r, 0));

function setUp() {
  const fake = fakeApi();
  const store = createAppStore(fake.api);
  connectEvents(store, fake.api);
  return { ...fake, store };
}

describe('deploy slice', () => {
  it('takes the Fleet selection to the Deploy screen with the newest bundle chosen, and plans it', async () => {
    const { store, calls } = setUp();
    store.getState().toggleHostSelected('plc1');
    store.getState().toggleHostSelected('hmi1');
    store.getState().deploySelectedHosts();
    await settle();
    expect(store.getState().screen).toBe('Deploy');
    expect(store.getState().deployDraft).toEqual({ bundle: 6, hosts: ['hmi1', 'plc1'] });
    await store.getState().planDeploy();
    expect(calls.at(-1)).toEqual({ name: 'deployPlan', input: { bundle: 6, hosts: ['hmi1', 'plc1'] } });
    expect(store.getState().plan?.map((p) => p.host)).toEqual(['hmi1', 'plc1']);
    // Another choice makes the plan stale.
    store.getState().toggleDeployHost('hmi1');
    expect(store.getState().plan).toBeNull();
  });

  it('starts only the hosts the plan can change, then follows the operation events to a result per host', async () => {
    const { store, emit, calls } = setUp();
    store.getState().chooseDeployBundle(6);
    store.getState().setDeployHosts(['plc1', 'hmi1']);
    await store.getState().planDeploy();
    store.setState({ plan: store.getState().plan?.map((p) => (p.host === 'hmi1' ? { ...p, unchanged: true } : p)) ?? null });
    await store.getState().startDeploy();
    expect(calls.at(-1)).toEqual({ name: 'deployStart', input: { bundle: 6, hosts: ['plc1'] } });
    expect(busyHosts(store.getState().operations)).toEqual(new Set(['plc1']));
    const pushing = operation('d1', ['plc1'], {
      hosts: [
        { host: 'plc1', phase: 'pushing', bytesSent: 2048, bytesTotal: 4096, pathsSent: 2, pathsTotal: 4, message: null, outcome: null },
      ],
    });
    emit({ type: 'operation', operation: pushing });
    expect(store.getState().operations.d1?.hosts[0]).toMatchObject({ phase: 'pushing', bytesSent: 2048 });
    await store.getState().loadDeployments('plc1');
    const before = calls.filter((c) => c.name === 'deploymentsList').length;
    const outcome = {
      host: 'plc1',
      outcome: 'succeeded' as const,
      reason: null,
      deploymentId: 2,
      from: { generation: 1, toplevel: null },
      to: { generation: 2, toplevel: null },
      pushMethod: 'substitute' as const,
      pathsSent: 4,
      bytesSent: 4096,
      pushMs: 1,
      activationMs: 1,
      activationLog: '',
      rebootNeeded: true,
    };
    emit({
      type: 'operation',
      operation: { ...pushing, status: 'finished', hosts: [{ ...pushing.hosts[0]!, phase: 'finished', outcome }] },
    });
    await settle();
    expect(busyHosts(store.getState().operations).size).toBe(0);
    expect(calls.filter((c) => c.name === 'deploymentsList').length).toBe(before + 1);
    // A late progress event never reopens it.
    emit({ type: 'operation', operation: pushing });
    expect(store.getState().operations.d1?.status).toBe('finished');
  });

  it('deploys through a site mirror as `deploy --mirror pier --mirror-fallback push` does, and says where each host got its bytes', async () => {
    const { store, state, calls } = setUp();
    state.mirrors = [{ name: 'pier', url: 'http://10.1.0.5/nix-cache', host: 'plc1', path: '/srv/nix-cache', added: 'now' }];
    await store.getState().loadMirrors();
    expect(store.getState().mirrors.map((m) => m.name)).toEqual(['pier']);
    store.getState().chooseDeployBundle(6);
    store.getState().setDeployHosts(['plc1']);
    // Pushed from this laptop by default: neither option is sent.
    await store.getState().startDeploy();
    expect(calls.at(-1)).toEqual({ name: 'deployStart', input: { bundle: 6, hosts: ['plc1'] } });
    store.getState().setDeployOptions({ mirror: 'pier' });
    await store.getState().startDeploy();
    expect(calls.at(-1)).toEqual({ name: 'deployStart', input: { bundle: 6, hosts: ['plc1'], mirror: 'pier' } });
    store.getState().setDeployOptions({ mirrorFallbackPush: true });
    await store.getState().startDeploy();
    expect(calls.at(-1)).toEqual({ name: 'deployStart', input: { bundle: 6, hosts: ['plc1'], mirror: 'pier', mirrorFallback: 'push' } });
    // Back to this laptop: the fallback goes with the mirror.
    store.getState().setDeployOptions({ mirror: '' });
    await store.getState().startDeploy();
    expect(calls.at(-1)).toEqual({ name: 'deployStart', input: { bundle: 6, hosts: ['plc1'] } });

    const base = {
      host: 'plc1',
      outcome: 'succeeded' as const,
      reason: null,
      deploymentId: 2,
      from: { generation: 1, toplevel: null },
      to: { generation: 2, toplevel: null },
      pushMs: 1,
      activationMs: 1,
      activationLog: '',
      rebootNeeded: false,
    };
    const mirror = { name: 'pier', url: 'http://10.1.0.5/nix-cache', pathsFetched: 4, bytesFetched: 4096, problem: null };
    expect(mirrorWords({ ...base, pushMethod: 'mirror', pathsSent: 0, bytesSent: 0, mirror })).toBe(
      'Pulled 4 paths (4 KiB) from mirror pier (http://10.1.0.5/nix-cache); nothing from this laptop.',
    );
    const problem = 'plc1 cannot reach mirror pier (http://10.1.0.5/nix-cache): unable to download';
    expect(
      mirrorWords({ ...base, pushMethod: 'substitute', pathsSent: 4, bytesSent: 4096, mirror: { ...mirror, pathsFetched: 0, problem } }),
    ).toBe(`Pushed from this laptop, as the mirror would not do: ${problem}`);
    expect(mirrorWords({ ...base, pushMethod: 'substitute', pathsSent: 4, bytesSent: 4096 })).toBeNull();
  });

  it('keeps why a deploy could not start, and cancels by id', async () => {
    const { store, deployState, calls } = setUp();
    deployState.failStart =
      "Error invoking remote method 'deploy:start': Error: bundle accel-ctl-6 carries no system for hmi1; nothing was deployed";
    store.getState().chooseDeployBundle(6);
    store.getState().setDeployHosts(['hmi1']);
    await store.getState().startDeploy();
    expect(store.getState().deployError).toBe('bundle accel-ctl-6 carries no system for hmi1; nothing was deployed');
    await store.getState().cancelOperation('d9');
    expect(calls.at(-1)).toEqual({ name: 'operationsCancel', input: { id: 'd9' } });
    expect(store.getState().operations.d9?.cancelRequested).toBe(true);
  });
});

describe('host actions slice', () => {
  it('rolls back to the generation confirmed, with the reason, and follows that operation', async () => {
    const { store, calls } = setUp();
    expect(await store.getState().rollbackHost('plc1', 1, 'kernel panics on line A')).toBe(true);
    expect(calls.at(-1)).toEqual({ name: 'hostsRollback', input: { name: 'plc1', to: 1, reason: 'kernel panics on line A' } });
    expect(store.getState().operations[store.getState().hostOperationIds.plc1 ?? '']?.kind).toBe('rollback');
    expect(await store.getState().switchGeneration('plc1', 3, '  ')).toBe(true);
    expect(calls.at(-1)).toEqual({ name: 'hostsSwitch', input: { name: 'plc1', generation: 3 } });
  });

  it('reads a diff and each generation closure size for the Host screen', async () => {
    const { store } = setUp();
    store.getState().openHost('plc1');
    await settle();
    expect(store.getState().closureSizes.plc1).toEqual({ 2: 1000, 1: 900 });
    expect(store.getState().deploymentsByHost.plc1?.map((d) => d.id)).toEqual([1]);
    await store.getState().showClosureDiff('plc1', 1);
    expect(store.getState().closureDiffs.plc1?.diff?.changed[0]).toMatchObject({ name: 'linux', from: ['6.6.59'], to: ['6.6.58'] });
    store.getState().hideClosureDiff('plc1');
    expect(store.getState().closureDiffs.plc1).toBeUndefined();
  });
});

describe('Fleet deploy states', () => {
  // Which system is the latest bundle's is the engine's answer (test/main/core/operations/latest-bundle-systems.test.ts).
  const latestBundleSystem = { bundle: 'accel-ctl-6', sequence: 6, toplevel: '/nix/store/new' };

  it('says deploying, rolled back and differs from the latest bundle in words', () => {
    const running = { ...probe('plc1'), current: '/nix/store/old' };
    const h = {
      ...host('plc1', ['plc'], running),
      latestBundleSystem,
      lastDeployment: deployment(3, { kind: 'rollback', fromGeneration: 2, toGeneration: 1 }),
    };
    expect(hostFlags(h, new Set(['plc1']))).toEqual(['deploying', 'rolled back', 'differs from latest bundle']);
    const fine = {
      ...host('plc1', [], { ...running, current: '/nix/store/new' }),
      latestBundleSystem,
      lastDeployment: deployment(4, { outcome: 'succeeded' }),
    };
    expect(hostFlags(fine, new Set())).toEqual([]);
    expect(hostFlags({ ...fine, lastDeployment: deployment(5, { outcome: 'rolled-back' }) }, new Set())).toEqual(['rolled back']);
    // Held by another Airlock process (a deploy from the command line): deploying too.
    expect(hostFlags({ ...fine, busyWith: 'deploy of accel-7' }, new Set())).toEqual(['deploying']);
  });
});
