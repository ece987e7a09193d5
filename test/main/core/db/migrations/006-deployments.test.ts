// Migration 6: everything made at version 5 survives; deployments record each
// operation with its audit row; "what ran before" comes from the records; one
// operation per host, and a lock left by a dead process is taken over.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../../src/main/core/db/migrate';
import { listAudit } from '../../../../../src/main/core/db/audit-log';
import { verifyAuditChain } from '../../../../../src/main/core/db/audit-verify';
import {
  finishDeployment,
  getDeployment,
  recordedPredecessor,
  startDeployment,
  type NewDeployment,
} from '../../../../../src/main/core/db/deployments';
import { addHost, listHosts } from '../../../../../src/main/core/db/hosts';
import { attachDeployment, listHostLocks, lockHost, unlockHost } from '../../../../../src/main/core/db/host-locks';
import { openTempDatabase, tickingEnv } from '../../../../helpers/site-db';
import { tempDir } from '../../../../helpers/tmp';

const tmp = tempDir('airlock-m006-');
const hostKey = { type: 'ssh-ed25519', base64: 'AAAAC3NzaC1lZDI1NTE5AAAAIG9u', fingerprint: 'SHA256:abc' };
const end = { confirmed: true, pathsSent: 3, bytesSent: 4096, health: [] };
const deployment = (from: number, to: number, kind: NewDeployment['kind'] = 'deploy'): NewDeployment => ({
  host: 'ctl01',
  kind,
  action: 'switch',
  fromGeneration: from,
  fromToplevel: `/nix/store/${'a'.repeat(32)}-g${from}`,
  toGeneration: to,
  toToplevel: `/nix/store/${'b'.repeat(32)}-g${to}`,
});

describe('migration 006 deployments', () => {
  it('keeps version-5 hosts and records deployments, each ending with its audit row', () => {
    const { db } = openTempDatabase(tmp, { migrateTo: 5 });
    const env = tickingEnv();
    addHost(db, { name: 'ctl01', address: '10.0.0.1', port: 22, user: 'root', tags: [], hostKey }, env);
    expect(() => db.prepare('SELECT * FROM deployment').all()).toThrow(/no such table/);
    expect(migrate(db, 6)).toBe(6);
    expect(listHosts(db).map((h) => h.name)).toEqual(['ctl01']);

    const id = startDeployment(db, deployment(1, 2), env);
    expect(getDeployment(db, id)).toMatchObject({ outcome: 'running', finishedAt: null });
    finishDeployment(db, id, { ...end, outcome: 'succeeded' }, env);
    expect(getDeployment(db, id)).toMatchObject({
      outcome: 'succeeded',
      confirmed: true,
      bytesSent: 4096,
      fromGeneration: 1,
      toGeneration: 2,
    });
    expect(listAudit(db).at(-1)).toMatchObject({
      action: 'host.deploy',
      subject: 'ctl01',
      outcome: 'ok',
      details: { from: { generation: 1 }, to: { generation: 2 }, bytesSent: 4096 },
    });
    expect(() => db.prepare("UPDATE deployment SET outcome = 'maybe'").run()).toThrow(/CHECK/);
    expect(verifyAuditChain(db)).toMatchObject({ ok: true });
    db.close();
  });

  it('answers "what ran before" from deploys and switches, skipping failures and rollbacks', () => {
    const { db } = openTempDatabase(tmp);
    const env = tickingEnv();
    const record = (d: NewDeployment, outcome: 'succeeded' | 'rolled-back'): number => {
      const id = startDeployment(db, d, env);
      finishDeployment(db, id, { ...end, outcome }, env);
      return id;
    };
    record(deployment(1, 2), 'succeeded');
    record(deployment(2, 3), 'rolled-back');
    record(deployment(2, 4), 'succeeded');
    expect(recordedPredecessor(db, 'ctl01', 4)?.fromGeneration).toBe(2);
    record(deployment(4, 2, 'rollback'), 'succeeded');
    expect(recordedPredecessor(db, 'ctl01', 2)?.fromGeneration).toBe(1);
    expect(recordedPredecessor(db, 'ctl01', 3)).toBeUndefined();
    expect(recordedPredecessor(db, 'other', 4)).toBeUndefined();
    db.close();
  });

  it('holds one operation per host, and takes over the lock of a process that died, closing its deployment', () => {
    const { db } = openTempDatabase(tmp);
    const env = tickingEnv();
    lockHost(db, 'ctl01', 'deploy of site-7', env);
    expect(() => lockHost(db, 'ctl01', 'rollback', env)).toThrow(
      /ctl01 is busy: deploy of site-7 started \S+ by \S+ \(pid \d+\) is still running; wait for it to finish/,
    );
    lockHost(db, 'ctl02', 'rollback', env);
    expect(listHostLocks(db).map((l) => [l.host, l.operation, l.pid])).toEqual([
      ['ctl01', 'deploy of site-7', process.pid],
      ['ctl02', 'rollback', process.pid],
    ]);
    unlockHost(db, 'ctl01');
    unlockHost(db, 'ctl02');

    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    const id = startDeployment(db, deployment(1, 2), env);
    db.prepare(
      "INSERT INTO host_lock (host, operation, deployment_id, pid, operator, started_at) VALUES ('ctl01', 'deploy of site-8', ?, ?, 'op', 'then')",
    ).run(id, Number(dead));
    lockHost(db, 'ctl01', 'deploy of site-9', env);
    attachDeployment(db, 'ctl01', id + 1);
    expect(getDeployment(db, id)).toMatchObject({
      outcome: 'failed',
      outcomeReason: expect.stringMatching(`Airlock \\(pid ${dead}\\) stopped during the operation`),
    });
    expect(listAudit(db).at(-1)).toMatchObject({ action: 'host.deploy', outcome: 'failed' });
    db.close();
  });
});
