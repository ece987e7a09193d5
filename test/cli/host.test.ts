// `airlock host add/ls/rm` through the real CLI against a real fleet of two
// sshd hosts: key pinning by fingerprint, a key replaced behind the app's back,
// and injection attempts in every field, none of which may run anything.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetHost, rebootHost, startFleet, stopFleet, type FleetHost, type FleetState } from '../../fleet/fleet';
import { fleetPaths, hostPaths } from '../../fleet/paths';
import { run } from '../../fleet/run';
import { hostKeyFingerprint } from '../../fleet/sshd-config';
import { listAudit } from '../../src/main/core/db/audit-log';
import { requireHost } from '../../src/main/core/db/hosts';
import { openDatabase } from '../../src/main/core/db/open-database';
import { HostKeyChangedError } from '../../src/main/core/remote/ssh-errors';
import { createSshTransport } from '../../src/main/core/remote/ssh-transport';
import { airlock } from '../helpers/run-cli';
import { tempDir } from '../helpers/tmp';
import { dataDirWithSite } from '../helpers/site-db';

const work = tempDir('airlock-cli-host-');
const fleetDir = mkdtempSync(join(tmpdir(), 'airlock-host-fleet-'));
let fleet: FleetState;
let n = 0;
const marker = join(work, 'injected');

/** A fingerprint as a regular expression: base64 holds '+' and '/'. */
const re = (text: string): string => text.replace(/[+/]/g, '\\$&');
const dataDir = (): string => dataDirWithSite(join(work, `data-${++n}`));
const host = (name: string): FleetHost => fleetHost(fleet, name);
const addArgs = (h: FleetHost, dir: string, ...more: string[]): string[] => [
  'host',
  'add',
  h.name,
  '--address',
  h.address,
  '--port',
  String(h.port),
  '--identity',
  fleetPaths(fleetDir).clientKey,
  '--data-dir',
  dir,
  ...more,
];

beforeAll(async () => {
  fleet = await startFleet(2, { dir: fleetDir });
});

afterAll(async () => {
  await stopFleet(fleetDir);
  rmSync(fleetDir, { recursive: true, force: true });
});

describe('airlock host', () => {
  it('pins the host key it was told to accept, lists and removes hosts, auditing each change', () => {
    const dir = dataDir();
    const [h1, h2] = [host('host1'), host('host2')];
    const added = airlock(addArgs(h1, dir, '--accept-new-host-key', '--tag', 'rack-a', '--tag', 'ctl'));
    expect(added.stderr).toBe('');
    expect(added.status).toBe(0);
    expect(added.text).toContain(hostKeyFingerprint(h1.dir));
    expect(airlock(addArgs(h2, dir, '--accept-host-key', hostKeyFingerprint(h2.dir))).status).toBe(0);

    const ls = airlock(['host', 'ls', '--data-dir', dir]);
    expect(ls.text).toMatch(new RegExp(`host1\\s+127\\.0\\.0\\.1:${h1.port}\\s+root\\s+rack-a,ctl\\s+${re(hostKeyFingerprint(h1.dir))}`));
    const json = JSON.parse(airlock(['host', 'ls', '--json', '--data-dir', dir]).text) as {
      name: string;
      hostKey: { fingerprint: string };
    }[];
    expect(json.map((h) => [h.name, h.hostKey.fingerprint])).toEqual([
      ['host1', hostKeyFingerprint(h1.dir)],
      ['host2', hostKeyFingerprint(h2.dir)],
    ]);

    expect(airlock(['host', 'rm', 'host1', '--data-dir', dir]).status).toBe(0);
    expect(airlock(['host', 'ls', '--json', '--data-dir', dir]).text).not.toContain('host1');
    expect(readFileSync(join(dir, 'ssh', 'known_hosts'), 'utf8')).toBe(`airlock-host2 ${h2.hostPublicKey}\n`);
    const again = airlock(['host', 'rm', 'host1', '--data-dir', dir]);
    expect([again.status, again.stderr]).toEqual([1, expect.stringContaining("no host named 'host1'")]);

    const db = openDatabase(dir);
    expect(
      listAudit(db)
        .filter((r) => r.action.startsWith('host.'))
        .map((r) => [r.action, r.subject, r.outcome]),
    ).toEqual([
      ['host.add', 'host1', 'ok'],
      ['host.add', 'host2', 'ok'],
      ['host.rm', 'host1', 'ok'],
      ['host.rm', 'host1', 'refused'],
    ]);
    db.close();
  });

  it('refuses without a confirmed key, printing the fingerprint, and refuses a wrong one showing both', () => {
    const dir = dataDir();
    const h1 = host('host1');
    const unconfirmed = airlock(addArgs(h1, dir));
    expect(unconfirmed.status).toBe(1);
    expect(unconfirmed.stderr).toContain(`ssh-ed25519 ${hostKeyFingerprint(h1.dir)}`);
    expect(unconfirmed.stderr).toContain('--accept-host-key');

    const wrong = hostKeyFingerprint(host('host2').dir);
    const mismatch = airlock(addArgs(h1, dir, '--accept-host-key', wrong));
    expect(mismatch.status).toBe(1);
    expect(mismatch.stderr).toContain(wrong);
    expect(mismatch.stderr).toContain(hostKeyFingerprint(h1.dir));
    expect(JSON.parse(airlock(['host', 'ls', '--json', '--data-dir', dir]).text)).toEqual([]);
    const knownHosts = join(dir, 'ssh', 'known_hosts');
    expect(existsSync(knownHosts) ? readFileSync(knownHosts, 'utf8') : '').not.toContain('airlock-host1');
  });

  it('refuses injection attempts in every field with a usage error, and nothing runs', () => {
    const dir = dataDir();
    const h1 = host('host1');
    const evil = [
      `-oProxyCommand=touch ${marker}`,
      `a;touch ${marker}`,
      `$(touch ${marker})`,
      `\`touch ${marker}\``,
      `a\ntouch ${marker}`,
      `a'b"c`,
      'a?b',
      'a b',
      'a%b',
      'a|b',
      'a&b',
      'a>b',
    ];
    // `--opt=value` and a name after `--`, so the values reach Airlock's own checks, not just the parser's.
    const at = ['--address', h1.address, '--port', String(h1.port), '--accept-new-host-key'];
    const fields: readonly ((bad: string) => string[])[] = [
      (bad) => ['host', 'add', ...at, '--', bad],
      (bad) => ['host', 'add', 'x', `--address=${bad}`, '--port', String(h1.port), '--accept-new-host-key'],
      (bad) => ['host', 'add', 'x', '--address', h1.address, `--port=${bad}`, '--accept-new-host-key'],
      (bad) => ['host', 'add', 'x', ...at, `--user=${bad}`],
      (bad) => ['host', 'add', 'x', ...at, `--tag=${bad}`],
    ];
    // Each value through a different field in turn (every value against every field is validate.test.ts's job: fast there).
    evil.forEach((bad, i) => {
      const args = (fields[i % fields.length] as (bad: string) => string[])(bad);
      const r = airlock(['--data-dir', dir, ...args]);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^airlock: (host name|address|port|user|tag) /);
    });
    expect(airlock(['host', 'rm', `$(touch ${marker})`, '--data-dir', dir]).status).toBe(2);
    expect(existsSync(marker)).toBe(false);
    expect(JSON.parse(airlock(['host', 'ls', '--json', '--data-dir', dir]).text)).toEqual([]);
  });

  it('says there is no site yet, and how to make one, instead of adding or listing hosts in an empty data folder', () => {
    const dir = join(work, 'no-site');
    for (const args of [
      addArgs(host('host1'), dir, '--accept-new-host-key'),
      ['host', 'ls', '--data-dir', dir],
      ['host', 'ls', '--json', '--data-dir', dir],
    ]) {
      const r = airlock(args);
      expect([r.status, r.text], args.join(' ')).toEqual([1, '']);
      expect(r.stderr).toBe(
        `airlock: no site here yet (${dir}): run \`airlock site init --name SITE --trust PUBKEY\` first, or pass the right --data-dir\n`,
      );
    }
    const knownHosts = join(dir, 'ssh', 'known_hosts');
    expect(existsSync(knownHosts) ? readFileSync(knownHosts, 'utf8') : '').toBe('');
  });

  it('a host add that fails (nothing listening, a login key the host refuses) adds nothing and is audited as failed, a refused one as refused', () => {
    const dir = dataDir();
    const h1 = host('host1');
    const closed = airlock(['host', 'add', 'host1', '--address', '127.0.0.1', '--port', '1', '--accept-new-host-key', '--data-dir', dir]);
    expect([closed.status, closed.stderr]).toEqual([
      1,
      'airlock: could not fetch a host key from 127.0.0.1:1 (is sshd running there, is the address right?); host1 was not added\n',
    ]);
    const stranger = join(work, 'stranger-key');
    run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-f', stranger]);
    const wrongKey = airlock([
      'host',
      'add',
      'host1',
      '--address',
      h1.address,
      '--port',
      String(h1.port),
      '--identity',
      stranger,
      '--accept-new-host-key',
      '--data-dir',
      dir,
    ]);
    expect([wrongKey.status, wrongKey.stderr]).toEqual([
      1,
      expect.stringMatching(/^airlock: host1: login as root was refused \(check --user and --identity\)/),
    ]);
    const mismatch = airlock(addArgs(h1, dir, '--accept-host-key', hostKeyFingerprint(host('host2').dir)));
    expect(mismatch.status).toBe(1);

    expect(JSON.parse(airlock(['host', 'ls', '--json', '--data-dir', dir]).text)).toEqual([]);
    const knownHosts = join(dir, 'ssh', 'known_hosts');
    expect(existsSync(knownHosts) ? readFileSync(knownHosts, 'utf8') : '').toBe('');
    const db = openDatabase(dir);
    const rows = listAudit(db).filter((r) => r.action.startsWith('host.'));
    db.close();
    expect(rows.map((r) => [r.action, r.subject, r.outcome])).toEqual([
      ['host.add', 'host1', 'failed'],
      ['host.add', 'host1', 'failed'],
      ['host.add', 'host1', 'refused'],
    ]);
    expect((rows[1]?.details as { reason: string }).reason).toMatch(/login as root was refused/);
  });

  it('refuses a host whose key changed behind its back before logging in, naming both fingerprints', async () => {
    const dir = dataDir();
    const h1 = host('host1');
    expect(airlock(addArgs(h1, dir, '--accept-new-host-key')).status).toBe(0);
    const pinned = hostKeyFingerprint(h1.dir);

    // A reinstall: a new host key in the host's run folder, sshd restarted with it.
    const key = hostPaths(h1.dir).hostKey;
    rmSync(key);
    rmSync(`${key}.pub`);
    run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-f', key]);
    await rebootHost(fleetDir, 'host1');
    const offered = hostKeyFingerprint(h1.dir);
    expect(offered).not.toBe(pinned);

    const db = openDatabase(dir);
    const stored = requireHost(db, 'host1');
    db.close();
    const transport = createSshTransport(dir);
    const target = { ...stored, pinnedFingerprint: stored.hostKey.fingerprint };
    const hostMarker = join(hostPaths(h1.dir).run, 'ran-anyway');
    const attempt = transport.run(target, ['touch', '/run/ran-anyway']);
    await expect(attempt).rejects.toBeInstanceOf(HostKeyChangedError);
    await expect(attempt).rejects.toThrow(new RegExp(`host key of host1 has changed: pinned ${re(pinned)}.*${re(offered)}`));
    await expect(attempt).rejects.toThrow(new RegExp(`airlock host pin host1 --accept-host-key ${re(offered)}`));
    expect(existsSync(hostMarker)).toBe(false);

    // Pinning needs the fingerprint the host really offers; then commands run again.
    const wrong = airlock(['host', 'pin', 'host1', '--accept-host-key', pinned, '--data-dir', dir]);
    expect([wrong.status, wrong.stderr]).toEqual([1, expect.stringContaining(offered)]);
    await expect(transport.run(target, ['true'])).rejects.toBeInstanceOf(HostKeyChangedError);
    expect(airlock(['host', 'pin', 'host1', '--accept-host-key', offered, '--data-dir', dir]).status).toBe(0);
    expect((await transport.run(target, ['touch', '/run/ran-anyway'])).code).toBe(0);
    expect(existsSync(hostMarker)).toBe(true);
    await transport.closeMaster(target);

    const db2 = openDatabase(dir);
    expect(requireHost(db2, 'host1').hostKey.fingerprint).toBe(offered);
    expect(
      listAudit(db2)
        .filter((r) => r.action.startsWith('host.'))
        .map((r) => [r.action, r.outcome]),
    ).toEqual([
      ['host.add', 'ok'],
      ['host.pin', 'refused'],
      ['host.pin', 'ok'],
    ]);
    db2.close();
  });
});
