// The fallback push against real fleet hosts running Nix 2.8: what an
// operator checks afterwards is what is asserted — the host's own store
// verifies the paths, records the cache's references, deriver and signatures,
// and a push that is cut off leaves only complete paths and resumes exactly.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOnHost, startFleet, stopFleet, type FleetHost, type FleetState } from '../../../../../fleet/fleet';
import { buildStandInSystem } from '../../../../../fleet/stand-in-system';
import type { RemoteHost } from '../../../../../src/main/core/remote/remote-host';
import { pushOverServe, type PushProgress } from '../../../../../src/main/core/remote/serve/serve-push';
import { createSshTransport } from '../../../../../src/main/core/remote/ssh-transport';
import { buildStorePath } from '../../../../helpers/real-nix';
import { airlockHost, closureOf, invalidOn, makeCache, narInfoReferences, referencesOn, sigsOn, type TestCache } from './serve-fixture';

const work = mkdtempSync(join(tmpdir(), 'airlock-serve-push-'));
const dataDir = join(work, 'data');
let fleet: FleetState;
const hosts: RemoteHost[] = [];
const fleetHostOf = (name: string): FleetHost => fleet.hosts.find((h) => h.name === name) as FleetHost;
const narSizes = (cache: TestCache, paths: readonly string[]): number => paths.reduce((n, p) => n + cache.narInfo(p).narSize, 0);

beforeAll(async () => {
  fleet = await startFleet(2, { dir: join(work, 'fleet') });
  for (const h of fleet.hosts) hosts.push(airlockHost(dataDir, h));
}, 300_000);

afterAll(async () => {
  const transport = createSshTransport(dataDir);
  for (const h of hosts) await transport.closeMaster(h);
  await stopFleet(join(work, 'fleet'));
  rmSync(work, { recursive: true, force: true });
});

describe('pushOverServe with AddToStoreNar (zstd cache)', () => {
  it('sends only what host1 lacks, dependencies first; the host verifies them and keeps references and signatures', async () => {
    const h1 = fleetHostOf('host1');
    const system = buildStandInSystem({ host: 'host1', version: '24.05.2' });
    const closure = closureOf(system);
    const cache = makeCache(join(work, 'zstd'), [system], 'zstd');
    const missing = await invalidOn(h1, closure);
    expect(missing.length).toBeGreaterThan(0);
    expect(missing.length).toBeLessThan(closure.length);

    const progress: PushProgress[] = [];
    const result = await pushOverServe({
      host: hosts[0] as RemoteHost,
      dataDir,
      cacheRoot: cache.root,
      paths: [...closure].reverse(),
      onProgress: (p) => progress.push(p),
    });
    expect(result).toEqual({
      method: 'add-to-store-nar',
      pathsSent: missing.length,
      alreadyValid: closure.length - missing.length,
      bytesSent: narSizes(cache, missing),
    });
    expect(progress.at(-1)).toEqual({
      bytesSent: result.bytesSent,
      bytesTotal: result.bytesSent,
      pathsSent: missing.length,
      pathsTotal: missing.length,
    });
    // Dependencies first: each path started only after every missing path it references was done.
    const order = [...new Set(progress.map((p) => p.currentPath).filter(Boolean))] as string[];
    expect([...order].sort()).toEqual(missing);
    const missingDeps = missing.flatMap((p) =>
      narInfoReferences(cache.narInfo(p))
        .filter((r) => r !== p && missing.includes(r))
        .map((r) => [r, p]),
    );
    expect(missingDeps.length).toBeGreaterThan(0);
    for (const [dep, p] of missingDeps) expect(order.indexOf(dep as string)).toBeLessThan(order.indexOf(p as string));

    expect(await invalidOn(h1, closure)).toEqual([]);
    await runOnHost(h1, ['nix-store', '--verify-path', ...closure]);
    for (const p of missing) {
      expect(await referencesOn(h1, p)).toEqual(narInfoReferences(cache.narInfo(p)));
      const sigs = await sigsOn(h1, p);
      expect(sigs).toEqual([...cache.narInfo(p).sigs].sort());
      expect(sigs[0]).toMatch(/^airlock-test-zstd:/);
    }

    const again = await pushOverServe({ host: hosts[0] as RemoteHost, dataDir, cacheRoot: cache.root, paths: closure });
    expect(again).toEqual({ method: 'add-to-store-nar', pathsSent: 0, bytesSent: 0, alreadyValid: closure.length });
  });
});

describe.each(['add-to-store-nar', 'import-paths'] as const)('pushOverServe cut off (%s)', (method) => {
  it('cut off mid-NAR, leaves only complete paths on the host, and a retry sends exactly the rest', async () => {
    const h1 = fleetHostOf('host1');
    const blob = (name: string, deps: string[]): string =>
      buildStorePath(
        `${name}-${method}`,
        `/bin/mkdir $out && /usr/bin/head -c 3000000 /dev/urandom > $out/blob && /bin/echo ${deps.join(' ')} > $out/refs`,
        deps,
      );
    const first = blob('airlock-serve-blob-a', []);
    const second = blob('airlock-serve-blob-b', [first]);
    const top = blob('airlock-serve-blob-top', [first, second]);
    const cache = makeCache(join(work, `cut-${method}`), [top], 'zstd');
    const paths = [first, second, top];
    expect(await invalidOn(h1, paths)).toEqual([...paths].sort());

    const controller = new AbortController();
    const cutAt = cache.narInfo(first).narSize + 1_000_000;
    const push = pushOverServe({
      host: hosts[0] as RemoteHost,
      dataDir,
      cacheRoot: cache.root,
      paths,
      method,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.bytesSent >= cutAt) controller.abort();
      },
    });
    await expect(push).rejects.toMatchObject({
      name: 'AbortError',
      message: expect.stringContaining(`host1: cancelled while ${method === 'import-paths' ? 'importing' : 'adding'} ${second}`),
    });

    expect(await invalidOn(h1, paths)).toEqual([second, top].sort());
    await runOnHost(h1, ['nix-store', '--verify-path', first]);

    const retry = await pushOverServe({ host: hosts[0] as RemoteHost, dataDir, cacheRoot: cache.root, paths, method });
    expect(retry).toEqual({ method, pathsSent: 2, alreadyValid: 1, bytesSent: narSizes(cache, [second, top]) });
    expect(await invalidOn(h1, paths)).toEqual([]);
    await runOnHost(h1, ['nix-store', '--verify-path', ...paths]);
  });
});

describe('pushOverServe with ImportPaths (xz cache)', () => {
  it('imports what host2 lacks with references and deriver; a second push sends nothing', async () => {
    const h2 = fleetHostOf('host2');
    const system = buildStandInSystem({ host: 'host2', version: '24.05.2' });
    const closure = closureOf(system);
    const cache = makeCache(join(work, 'xz'), [system], 'xz');
    const missing = await invalidOn(h2, closure);

    const result = await pushOverServe({
      host: hosts[1] as RemoteHost,
      dataDir,
      cacheRoot: cache.root,
      paths: closure,
      method: 'import-paths',
    });
    expect(result).toEqual({
      method: 'import-paths',
      pathsSent: missing.length,
      alreadyValid: closure.length - missing.length,
      bytesSent: narSizes(cache, missing),
    });
    expect(await invalidOn(h2, closure)).toEqual([]);
    await runOnHost(h2, ['nix-store', '--verify-path', ...closure]);
    for (const p of missing) {
      expect(await referencesOn(h2, p)).toEqual(narInfoReferences(cache.narInfo(p)));
      const deriver = (await runOnHost(h2, ['nix-store', '-q', '--deriver', p])).stdout.trim();
      const expected = cache.narInfo(p).deriver;
      expect(deriver).toBe(expected ? `/nix/store/${expected.hashPart}-${expected.name}` : 'unknown-deriver');
    }
    const again = await pushOverServe({
      host: hosts[1] as RemoteHost,
      dataDir,
      cacheRoot: cache.root,
      paths: closure,
      method: 'import-paths',
    });
    expect(again).toMatchObject({ pathsSent: 0, bytesSent: 0, alreadyValid: closure.length });
  });
});

describe('pushOverServe refusals', () => {
  it('refuses a path whose narinfo or NAR is missing from the cache before connecting, naming it', async () => {
    const h2 = fleetHostOf('host2');
    const leaf = buildStorePath('airlock-serve-gap-leaf', '/bin/mkdir $out && /bin/echo leaf > $out/x');
    const top = buildStorePath('airlock-serve-gap-top', `/bin/mkdir $out && /bin/echo ${leaf} > $out/x`, [leaf]);
    const cache = makeCache(join(work, 'gap'), [top], 'zstd');
    const narFile = join(cache.cacheDir, cache.narInfo(leaf).url);
    copyFileSync(narFile, `${narFile}.kept`);
    unlinkSync(narFile);
    const push = (host: RemoteHost) => pushOverServe({ host, dataDir, cacheRoot: cache.root, paths: [top, leaf] });
    await expect(push(hosts[1] as RemoteHost)).rejects.toThrow(
      `has the narinfo of ${leaf} but not its NAR file ${cache.narInfo(leaf).url}`,
    );
    // Refused before any connection: an unreachable host gives the same answer, not an ssh error.
    await expect(push({ ...(hosts[1] as RemoteHost), port: 1 })).rejects.toThrow(/^cannot push: /);
    copyFileSync(`${narFile}.kept`, narFile);
    // The host lacks leaf and the push leaves it out: the host could not register top, so nothing is sent.
    await expect(pushOverServe({ host: hosts[1] as RemoteHost, dataDir, cacheRoot: cache.root, paths: [top] })).rejects.toThrow(
      `host2: cannot push: ${leaf} is referenced but neither on the host nor among the paths to send`,
    );
    unlinkSync(join(cache.cacheDir, `${top.slice('/nix/store/'.length, '/nix/store/'.length + 32)}.narinfo`));
    await expect(push(hosts[1] as RemoteHost)).rejects.toThrow(`does not hold ${top} (no narinfo)`);
    expect(await invalidOn(h2, [leaf, top])).toEqual([leaf, top].sort());
  });

  it('a NAR that does not match its NarHash is refused, by the remote (AddToStoreNar) or before its trailer (ImportPaths)', async () => {
    const h2 = fleetHostOf('host2');
    const leaf = buildStorePath('airlock-serve-damaged', '/bin/mkdir $out && /usr/bin/seq 1 20000 > $out/numbers');
    const cache = makeCache(join(work, 'damaged'), [leaf], 'none');
    const narFile = join(cache.cacheDir, cache.narInfo(leaf).url);
    const bytes = readFileSync(narFile);
    bytes[bytes.indexOf('19999')] = '8'.charCodeAt(0);
    writeFileSync(narFile, bytes);
    const push = (method: 'add-to-store-nar' | 'import-paths') =>
      pushOverServe({ host: hosts[1] as RemoteHost, dataDir, cacheRoot: cache.root, paths: [leaf], method });
    await expect(push('add-to-store-nar')).rejects.toThrow(new RegExp(`^host2: adding ${leaf} failed: error: .*hash mismatch`));
    await expect(push('import-paths')).rejects.toThrow(`host2: importing ${leaf} failed: the cached NAR of ${leaf} hashes to`);
    expect(await invalidOn(h2, [leaf])).toEqual([leaf]);
  });
});
