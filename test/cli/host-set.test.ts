// `airlock host set` through the real CLI against a real fleet of two sshd
// hosts: a host's port and address changed in place, probed through the key
// pinned when it was added; a new endpoint that offers another key refused at
// the next connection; each change audited with the values before and after.
// Re-adding a name already taken is refused before any key is fetched.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetHost, startFleet, stopFleet, type FleetHost, type FleetState } from '../../fleet/fleet';
import { fleetPaths } from '../../fleet/paths';
import { listAudit } from '../../src/main/core/db/audit-log';
import { openDatabase } from '../../src/main/core/db/open-database';
import type { HostProbe } from '../../src/main/core/remote/probe-hosts';
import { airlock } from '../helpers/run-cli';
import { dataDirWithSite } from '../helpers/site-db';
import { tempDir } from '../helpers/tmp';

const work = tempDir('airlock-cli-host-set-');
const fleetDir = mkdtempSync(join(tmpdir(), 'airlock-host-set-fleet-'));
const dir = join(work, 'data');
let fleet: FleetState;
const host = (name: string): FleetHost => fleetHost(fleet, name);

const cli = (...args: string[]) => airlock([...args, '--data-dir', dir]);
const probe = (name: string): HostProbe => {
  const [p] = JSON.parse(cli('host', 'probe', name, '--json').text) as HostProbe[];
  if (!p) throw new Error(`no probe of ${name}`);
  return p;
};
const listed = (name: string) =>
  (JSON.parse(cli('host', 'ls', '--json').text) as { name: string; address: string; port: number; user: string; tags: string[] }[]).find(
    (h) => h.name === name,
  );

beforeAll(async () => {
  fleet = await startFleet(2, { dir: fleetDir });
  dataDirWithSite(dir);
  const h1 = host('host1');
  const args = ['host', 'add', 'host1', '--address', h1.address, '--port', String(h1.port), '--tag', 'rack-a'];
  const added = cli(...args, '--identity', fleetPaths(fleetDir).clientKey, '--accept-host-key', h1.hostKeyFingerprint);
  expect([added.status, added.stderr]).toEqual([0, '']);
}, 120_000);

afterAll(async () => {
  await stopFleet(fleetDir);
  rmSync(fleetDir, { recursive: true, force: true });
});

describe('airlock host set', () => {
  it('changes the port and the address in place; the pinned key stays, and probing works through it', () => {
    const h1 = host('host1');
    expect(probe('host1').reachable).toBe(true);

    const moved = cli('host', 'set', 'host1', '--port', '1');
    expect([moved.status, moved.stderr]).toEqual([0, '']);
    expect(moved.text).toContain(`changed host1: root@${h1.address}:${h1.port} tags rack-a → root@${h1.address}:1 tags rack-a`);
    expect(moved.text).toContain(`its pinned host key ${h1.hostKeyFingerprint} stays`);
    expect(probe('host1').reachable).toBe(false);

    const back = cli('host', 'set', 'host1', '--address', 'localhost', '--port', String(h1.port), '--tag', 'rack-b', '--tag', 'ctl');
    expect([back.status, back.stderr]).toEqual([0, '']);
    expect(listed('host1')).toMatchObject({ address: 'localhost', port: h1.port, user: 'root', tags: ['rack-b', 'ctl'] });
    const p = probe('host1');
    expect([p.reachable, p.error]).toEqual([true, undefined]);
    expect(p.generations.length).toBeGreaterThan(0);

    expect(cli('host', 'set', 'host1', '--no-tags').status).toBe(0);
    expect(listed('host1')?.tags).toEqual([]);
  });

  it('refuses at the next connection an endpoint that offers a different host key', () => {
    const [h1, h2] = [host('host1'), host('host2')];
    // host1's record now points at host2's sshd, whose key is not the one pinned for host1.
    expect(cli('host', 'set', 'host1', '--address', h2.address, '--port', String(h2.port)).status).toBe(0);
    const p = probe('host1');
    expect(p.reachable).toBe(false);
    expect(p.error).toContain('host key of host1 has changed');
    expect(cli('host', 'set', 'host1', '--address', h1.address, '--port', String(h1.port)).status).toBe(0);
    expect(probe('host1').reachable).toBe(true);
  });

  it('audits each change as host.set with the values before and after; refusals and usage errors change nothing', () => {
    const none = cli('host', 'set', 'host1');
    expect([none.status, none.stderr]).toEqual([2, expect.stringContaining('nothing to change')]);
    const both = cli('host', 'set', 'host1', '--tag', 'a', '--no-tags');
    expect([both.status, both.stderr]).toEqual([2, expect.stringContaining('either --tag or --no-tags')]);
    const badPort = cli('host', 'set', 'host1', '--port', '70000');
    expect(badPort.status).toBe(2);
    const unknown = cli('host', 'set', 'nosuch', '--port', '22');
    expect([unknown.status, unknown.stderr]).toEqual([1, expect.stringContaining("no host named 'nosuch'")]);

    const db = openDatabase(dir);
    const rows = listAudit(db).filter((r) => r.action === 'host.set');
    db.close();
    expect(rows.map((r) => [r.subject, r.outcome])).toEqual([
      ['host1', 'ok'],
      ['host1', 'ok'],
      ['host1', 'ok'],
      ['host1', 'ok'],
      ['host1', 'ok'],
      ['nosuch', 'refused'],
    ]);
    const h1 = host('host1');
    expect(rows[0]?.details).toMatchObject({
      changes: { port: 1 },
      before: { address: h1.address, port: h1.port, user: 'root', tags: ['rack-a'] },
      after: { address: h1.address, port: 1, user: 'root', tags: ['rack-a'] },
    });
    expect(rows[2]?.details).toMatchObject({ before: { tags: ['rack-b', 'ctl'] }, after: { tags: [] } });
  });

  it('refuses to add a name already taken before fetching any key, pointing at host set and host rm', () => {
    // Nothing listens on port 1: had the key been fetched first, this would say no key could be fetched.
    const again = cli('host', 'add', 'host1', '--address', '127.0.0.1', '--port', '1', '--accept-new-host-key');
    expect(again.status).toBe(1);
    expect(again.stderr).toContain("a host named 'host1' already exists");
    expect(again.stderr).toContain('`airlock host set host1`');
    expect(again.stderr).toContain('`airlock host rm host1`');
    expect(again.stderr).not.toContain('could not fetch a host key');
  });
});
