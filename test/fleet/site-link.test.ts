// A host behind a slow site link (test-fleet.md): its own netns joined by a
// veth pair limited by tbf. Proves the link really runs at its rate, survives
// a reboot, and that `down` removes every netns and veth it made.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebootHost, runOnHost, startFleet, stopFleet, type FleetHost, type SiteLink } from '../../fleet/fleet';
import { run } from '../../fleet/run';

const dir = mkdtempSync(join(tmpdir(), 'airlock-fleet-link-'));
let host: FleetHost;
let link: SiteLink;

const netnsNames = (): string => run(['ip', 'netns', 'list']);
const linkNames = (): string => run(['ip', '-o', 'link', 'show']);

async function seconds(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

beforeAll(async () => {
  [host] = (await startFleet(1, { dir, link: { rate: '50mbit' } })).hosts as [FleetHost];
  link = host.link as SiteLink;
}, 60_000);

afterAll(async () => {
  await stopFleet(dir);
  rmSync(dir, { recursive: true, force: true });
});

describe('a fleet host behind a 50 Mbit/s site link', () => {
  it('answers over real ssh at its own veth address, from its own netns', async () => {
    expect(link).toMatchObject({ rate: '50mbit', insideAddress: host.address });
    expect(host.port).toBe(22);
    expect(link.vethOutside.length).toBeLessThanOrEqual(15);
    expect(link.vethInside.length).toBeLessThanOrEqual(15);
    expect(netnsNames()).toContain(link.netns);
    expect(run(['tc', 'qdisc', 'show', 'dev', link.vethOutside])).toMatch(/tbf .*rate 50Mbit/);
    const inside = (await runOnHost(host, ['ip', '-o', 'addr', 'show'])).stdout;
    expect(inside).toContain(`${link.insideAddress}/30`);
    expect(inside).toMatch(/^\d+: lo\s+inet 127\.0\.0\.1/m);
    expect((await runOnHost(host, ['nix-store', '--version'])).stdout).toMatch(/^nix-store \(Nix\) /);
  });

  it('carries 12 MB in about the time 50 Mbit/s implies', async () => {
    const bytes = 12e6;
    // Random bytes: nothing on the way can make them smaller.
    const payload = randomBytes(bytes);
    const handshake = await seconds(() => runOnHost(host, ['true']));
    const total = await seconds(() => runOnHost(host, ['sh', '-c', 'cat > /dev/null'], { input: payload }));
    const expected = (bytes * 8) / 50e6;
    const transfer = total - handshake;
    expect(transfer).toBeGreaterThan(0.6 * expected);
    expect(transfer).toBeLessThan(1.6 * expected);
  }, 30_000);

  it('keeps the link across a reboot', async () => {
    const rebooted = await rebootHost(dir, host.name);
    expect(rebooted.link).toEqual(link);
    expect(rebooted.address).toBe(host.address);
    host = rebooted;
    expect((await runOnHost(host, ['readlink', '/run/booted-system'])).stdout.trim()).toBe(host.baseSystem);
  });

  it('down removes the netns and both veth ends it made', async () => {
    await stopFleet(dir);
    expect(netnsNames()).not.toContain(link.netns);
    expect(linkNames()).not.toContain(link.vethOutside);
    expect(linkNames()).not.toContain(link.vethInside);
    // No ssh attempt here: with the veth gone the address routes to the default gateway and ssh would only time out.
  });
});
