// The serve session against a real `nix-store --serve --write` (Nix 2.8) on a
// fleet host: the greeting, validity queries, and the messages an operator
// reads when the remote refuses or the host is unreachable.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, stopFleet, type FleetState } from '../../../../../fleet/fleet';
import type { RemoteHost } from '../../../../../src/main/core/remote/remote-host';
import { openServeSession } from '../../../../../src/main/core/remote/serve/serve-session';
import { createSshTransport } from '../../../../../src/main/core/remote/ssh-transport';
import { airlockHost, closureOf } from './serve-fixture';

const fleetDir = mkdtempSync(join(tmpdir(), 'airlock-serve-session-fleet-'));
const dataDir = mkdtempSync(join(tmpdir(), 'airlock-serve-session-data-'));
let fleet: FleetState;
let host: RemoteHost;

beforeAll(async () => {
  fleet = await startFleet(1, { dir: fleetDir });
  host = airlockHost(dataDir, fleet.hosts[0] as FleetState['hosts'][number]);
}, 300_000);

afterAll(async () => {
  if (host) await createSshTransport(dataDir).closeMaster(host);
  await stopFleet(fleetDir);
  rmSync(fleetDir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

describe('openServeSession', () => {
  it('greets Nix 2.8 and learns its protocol version, which allows AddToStoreNar', async () => {
    const session = await openServeSession(host, dataDir);
    expect(session.remoteVersion & 0xff00).toBe(0x200);
    expect(session.remoteVersion & 0xff).toBeGreaterThanOrEqual(5);
    expect(session.supportsAddToStoreNar).toBe(true);
    await session.close();
  });

  it('answers which paths are valid, several queries on one session', async () => {
    const base = fleet.hosts[0]?.baseSystem as string;
    const closure = closureOf(base);
    const absent = '/nix/store/00000000000000000000000000000000-not-there';
    const session = await openServeSession(host, dataDir);
    expect([...(await session.queryValidPaths([...closure, absent]))].sort()).toEqual(closure);
    expect(await session.queryValidPaths([absent])).toEqual(new Set());
    expect(await session.queryValidPaths([])).toEqual(new Set());
    await session.close();
  });

  it("rejects with the host's name and Nix's own error line when the remote refuses, and stays failed", async () => {
    const session = await openServeSession(host, dataDir);
    const refused = session.queryValidPaths(['/tmp/not-a-store-path']);
    await expect(refused).rejects.toThrow(/^host1: asking which of 1 paths are valid failed: error: .*not-a-store-path/);
    await expect(session.queryValidPaths([])).rejects.toThrow(/^host1: /);
    await session.close();
  });

  it('an aborted signal kills ssh and rejects the pending call as cancelled', async () => {
    const controller = new AbortController();
    const session = await openServeSession(host, dataDir, { signal: controller.signal });
    controller.abort();
    await expect(session.queryValidPaths([])).rejects.toMatchObject({
      name: 'AbortError',
      message: expect.stringMatching(/^host1: cancelled/),
    });
    await session.close();
  });

  it('names the host and the reason when it cannot be reached', async () => {
    const offline: RemoteHost = { ...host, name: 'offline1', port: 1 };
    await expect(openServeSession(offline, dataDir)).rejects.toMatchObject({
      name: 'HostUnreachableError',
      message: expect.stringMatching(/^offline1 \(127\.0\.0\.1:1\) is unreachable: .*refused/),
    });
  });
});
