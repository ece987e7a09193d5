// `airlock mirror add/ls/rm` through the real CLI on a real site database:
// what is refused (and how: bad input exits 2, a rule exits 1 with what to do),
// what is listed, and the audit rows an operator would look for.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listAudit } from '../../src/main/core/db/audit-log';
import { addHost } from '../../src/main/core/db/hosts';
import { openDatabase } from '../../src/main/core/db/open-database';
import { airlock } from '../helpers/run-cli';
import { dataDirWithSite } from '../helpers/site-db';
import { tempDir } from '../helpers/tmp';

const work = tempDir('airlock-cli-mirror-');
const hostKey = { type: 'ssh-ed25519', base64: 'AAAAC3NzaC1lZDI1NTE5AAAAIG9u', fingerprint: 'SHA256:abc' };

/** A site with one added host, 'cache1' (stored as `host add` stores it; nothing here reaches ssh). */
function siteWithHost(name: string): string {
  const dir = dataDirWithSite(join(work, name));
  const db = openDatabase(dir);
  addHost(db, { name: 'cache1', address: '10.0.0.5', port: 22, user: 'root', tags: [], hostKey });
  db.close();
  return dir;
}

const auditOf = (dir: string): [string, string, string][] => {
  const db = openDatabase(dir);
  try {
    return listAudit(db)
      .filter((r) => r.action.startsWith('mirror.'))
      .map((r) => [r.action, r.subject, r.outcome]);
  } finally {
    db.close();
  }
};

describe('airlock mirror add / ls / rm', () => {
  it('adds, lists (table and --json), and removes mirrors, each change audited', () => {
    const dir = siteWithHost('ok');
    const cli = (...args: string[]) => airlock([...args, '--data-dir', dir]);
    const empty = cli('mirror', 'ls');
    expect([empty.status, empty.text]).toEqual([0, expect.stringContaining('no mirrors yet: add one with `airlock mirror add')]);

    const pier = cli('mirror', 'add', 'pier', '--url', 'http://10.0.0.5/nix-cache/', '--host', 'cache1', '--path', '/srv/nix-cache/');
    expect(pier.status, pier.stderr).toBe(0);
    expect(pier.text).toContain(
      'added mirror pier at http://10.0.0.5/nix-cache, published to cache1:/srv/nix-cache by `airlock mirror publish pier`',
    );
    expect(cli('mirror', 'add', 'city', '--url', 'https://cache.city.example').status).toBe(0);

    const table = cli('mirror', 'ls');
    expect(table.text).toMatch(/NAME\s+URL\s+PUBLISHED TO\s+ADDED/);
    expect(table.text).toMatch(/city\s+https:\/\/cache\.city\.example\s+-\s/);
    expect(table.text).toMatch(/pier\s+http:\/\/10\.0\.0\.5\/nix-cache\s+cache1:\/srv\/nix-cache\s/);
    const json = JSON.parse(cli('mirror', 'ls', '--json').text) as unknown[];
    expect(json).toEqual([
      { name: 'city', url: 'https://cache.city.example', host: null, path: null, added: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
      { name: 'pier', url: 'http://10.0.0.5/nix-cache', host: 'cache1', path: '/srv/nix-cache', added: expect.any(String) },
    ]);

    const rm = cli('mirror', 'rm', 'pier');
    expect([rm.status, rm.text]).toEqual([
      0,
      expect.stringContaining('removed mirror pier (http://10.0.0.5/nix-cache); the files on cache1:/srv/nix-cache are left as they are'),
    ]);
    const again = cli('mirror', 'rm', 'pier');
    expect([again.status, again.stderr]).toEqual([1, expect.stringContaining("no mirror named 'pier' (see `airlock mirror ls`)")]);
    expect((JSON.parse(cli('mirror', 'ls', '--json').text) as { name: string }[]).map((m) => m.name)).toEqual(['city']);
    expect(auditOf(dir)).toEqual([
      ['mirror.add', 'pier', 'ok'],
      ['mirror.add', 'city', 'ok'],
      ['mirror.rm', 'pier', 'ok'],
      ['mirror.rm', 'pier', 'refused'],
    ]);
  });

  it('refuses bad input with exit 2, naming the field and the rule; nothing is stored', () => {
    const dir = siteWithHost('bad');
    const add = (...args: string[]) => airlock(['mirror', 'add', ...args, '--data-dir', dir]);
    const cases: [string[], RegExp][] = [
      [['m', '--url', 'ftp://10.0.0.5/cache'], /mirror URL "ftp:\/\/10\.0\.0\.5\/cache" must be an http:\/\/ or https:\/\/ address/],
      [['m', '--url', 'http://user:secret@10.0.0.5/'], /without a password/],
      [
        ['m', '--url', 'http://10.0.0.5', '--host', 'cache1', '--path', 'srv/nix-cache'],
        /mirror folder "srv\/nix-cache" must be an absolute path on the host/,
      ],
      [['m', '--url', 'http://10.0.0.5', '--host', 'cache1', '--path', '/'], /cannot be \/ itself/],
      [['m', '--url', 'http://10.0.0.5', '--host', 'cache1'], /give --host and --path together/],
      [['$(touch /tmp/x)', '--url', 'http://10.0.0.5'], /must start with a letter or digit/],
    ];
    for (const [args, message] of cases) {
      const r = add(...args);
      expect([r.status, r.stderr], args.join(' ')).toEqual([2, expect.stringMatching(message)]);
    }
    const missingUrl = add('m');
    expect(missingUrl.status).toBe(2);
    expect(missingUrl.stderr).toContain('--url');

    // A host that was never added is a refusal with what to do (exit 1), and so is a taken name.
    const noHost = add('m', '--url', 'http://10.0.0.5', '--host', 'ghost', '--path', '/srv/x');
    expect([noHost.status, noHost.stderr]).toEqual([1, expect.stringContaining("no host named 'ghost' (see `airlock host ls`)")]);
    expect(add('m', '--url', 'http://10.0.0.5').status).toBe(0);
    const taken = add('m', '--url', 'http://10.0.0.6');
    expect([taken.status, taken.stderr]).toEqual([
      1,
      expect.stringContaining("a mirror named 'm' already exists; choose another name, or remove it first with `airlock mirror rm m`"),
    ]);
    expect((JSON.parse(airlock(['mirror', 'ls', '--json', '--data-dir', dir]).text) as unknown[]).length).toBe(1);
    expect(auditOf(dir)).toEqual([
      ['mirror.add', 'm', 'ok'],
      ['mirror.add', 'm', 'refused'],
    ]);
  });

  it('refuses to publish a mirror without a host and folder, saying how to give it one', () => {
    const dir = siteWithHost('nopub');
    expect(airlock(['mirror', 'add', 'city', '--url', 'https://cache.city.example', '--data-dir', dir]).status).toBe(0);
    const r = airlock(['mirror', 'publish', 'city', '--data-dir', dir]);
    expect([r.status, r.stderr]).toEqual([1, expect.stringContaining("mirror 'city' has no host and folder to publish to")]);
    expect(auditOf(dir).at(-1)).toEqual(['mirror.publish', 'city', 'refused']);
  });

  it('needs a site: in an empty data folder it says so', () => {
    const r = airlock(['mirror', 'ls', '--data-dir', join(work, 'nothing')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/no site/);
  });
});
