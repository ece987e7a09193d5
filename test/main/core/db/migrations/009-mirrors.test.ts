// Migration 9: version-8 data survives; mirrors hold one row per name, an
// http(s) URL and either both a host and an absolute folder or neither, with
// audited add and remove.
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../../src/main/core/db/migrate';
import { listAudit } from '../../../../../src/main/core/db/audit-log';
import { verifyAuditChain } from '../../../../../src/main/core/db/audit-verify';
import { addHost, listHosts } from '../../../../../src/main/core/db/hosts';
import { addMirror, listMirrors, removeMirror } from '../../../../../src/main/core/db/mirrors';
import { openTempDatabase, tickingEnv } from '../../../../helpers/site-db';
import { tempDir } from '../../../../helpers/tmp';

const tmp = tempDir('airlock-m009-');
const hostKey = { type: 'ssh-ed25519', base64: 'AAAAC3NzaC1lZDI1NTE5AAAAIG9u', fingerprint: 'SHA256:abc' };
const insert = (values: string): string => `INSERT INTO mirror (name, url, host, path, added) VALUES (${values})`;

describe('migration 009 mirrors', () => {
  it('keeps version-8 hosts and stores mirrors, unique by name, with audited add and remove', () => {
    const { db } = openTempDatabase(tmp, { migrateTo: 8 });
    const env = tickingEnv();
    addHost(db, { name: 'cache1', address: '10.0.0.5', port: 22, user: 'root', tags: [], hostKey }, env);
    expect(() => db.prepare('SELECT * FROM mirror').all()).toThrow(/no such table/);
    expect(migrate(db, 9)).toBe(9);
    expect(listHosts(db).map((h) => h.name)).toEqual(['cache1']);

    addMirror(db, { name: 'pier', url: 'http://10.0.0.5/nix-cache', target: { host: 'cache1', path: '/srv/nix-cache' } }, env);
    addMirror(db, { name: 'city', url: 'https://cache.city.example' }, env);
    expect(() => addMirror(db, { name: 'pier', url: 'http://elsewhere' }, env)).toThrow(
      /already exists; choose another name, or remove it first with `airlock mirror rm pier`/,
    );
    expect(listMirrors(db)).toEqual([
      { name: 'city', url: 'https://cache.city.example', added: '2026-11-20T10:00:02.000Z' },
      {
        name: 'pier',
        url: 'http://10.0.0.5/nix-cache',
        target: { host: 'cache1', path: '/srv/nix-cache' },
        added: '2026-11-20T10:00:01.000Z',
      },
    ]);
    // The table's own rules hold even against SQL that skips the engine.
    expect(() => db.prepare(insert("'x', 'ftp://a/b', NULL, NULL, 'now'")).run()).toThrow(/CHECK/);
    expect(() => db.prepare(insert("'x', 'http://a', 'cache1', 'relative/dir', 'now'")).run()).toThrow(/CHECK/);
    expect(() => db.prepare(insert("'x', 'http://a', 'cache1', NULL, 'now'")).run()).toThrow(/CHECK/);

    expect(removeMirror(db, 'pier', env)).toMatchObject({ name: 'pier' });
    expect(() => removeMirror(db, 'pier', env)).toThrow(/no mirror named 'pier'/);
    expect(listAudit(db).map((r) => [r.action, r.subject, r.outcome])).toEqual([
      ['host.add', 'cache1', 'ok'],
      ['mirror.add', 'pier', 'ok'],
      ['mirror.add', 'city', 'ok'],
      ['mirror.add', 'pier', 'refused'],
      ['mirror.rm', 'pier', 'ok'],
      ['mirror.rm', 'pier', 'refused'],
    ]);
    expect(listAudit(db).find((r) => r.action === 'mirror.rm')?.details).toMatchObject({
      url: 'http://10.0.0.5/nix-cache',
      host: 'cache1',
      path: '/srv/nix-cache',
    });
    expect(verifyAuditChain(db)).toMatchObject({ ok: true });
    db.close();
  });
});
