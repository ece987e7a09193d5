// The audit log: rows chain by hash, can be listed from a time, and every kind
// of tampering behind the app's back (with the triggers dropped) is named by
// verifyAuditChain at the row where it happened.
import { describe, expect, it } from 'vitest';
import { appendAudit, listAudit, onAuditAppended, type AuditRow, type StoredAuditRow } from '../../../../src/main/core/db/audit-log';
import { auditRowHash, GENESIS_HASH } from '../../../../src/main/core/db/audit-hash';
import { verifyAuditChain } from '../../../../src/main/core/db/audit-verify';
import type { SiteDb } from '../../../../src/main/core/db/open-database';
import { openTempDatabase, tickingEnv } from '../../../helpers/site-db';
import { tempDir } from '../../../helpers/tmp';

const tmp = tempDir('airlock-audit-');

/** A database with five audit rows, written one second apart from 10:00:00Z. */
function logOfFive(): SiteDb {
  const { db } = openTempDatabase(tmp);
  const env = tickingEnv('2026-11-20T10:00:00Z', 'alice');
  for (let i = 1; i <= 5; i++)
    appendAudit(db, { action: 'test.step', subject: `s${i}`, outcome: i === 4 ? 'refused' : 'ok', details: { i } }, env);
  return db;
}

function row(db: SiteDb, id: number): StoredAuditRow {
  return db.prepare('SELECT * FROM audit_log WHERE id = ?').get(id) as StoredAuditRow;
}

describe('appendAudit and listAudit', () => {
  it('chains each row to the one before and records time, user, outcome and details', () => {
    const db = logOfFive();
    const rows = listAudit(db);
    expect(rows.map((r) => r.id)).toEqual([1, 2, 3, 4, 5]);
    expect(rows[0]).toMatchObject({
      time: '2026-11-20T10:00:00.000Z',
      user: 'alice',
      action: 'test.step',
      subject: 's1',
      outcome: 'ok',
      details: { i: 1 },
    });
    expect(rows[0]?.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i]?.prevHash).toBe(rows[i - 1]?.hash);
    expect(rows[3]?.outcome).toBe('refused');
    const first = row(db, 1);
    expect(first.hash).toBe(auditRowHash({ ...first, osUser: first.os_user, prevHash: first.prev_hash }));
    expect(verifyAuditChain(db)).toEqual({ ok: true, rows: 5 });
    db.close();
  });

  it('lists from a time given with any offset', () => {
    const db = logOfFive();
    expect(listAudit(db, { since: new Date('2026-11-20T10:00:02Z') }).map((r) => r.subject)).toEqual(['s3', 's4', 's5']);
    expect(listAudit(db, { since: new Date(Date.parse('2026-11-20T12:00:04+02:00')) }).map((r) => r.subject)).toEqual(['s5']);
    expect(listAudit(db, { since: new Date('2027-01-01T00:00:00Z') })).toEqual([]);
    db.close();
  });

  it('uses the real operating-system user by default', () => {
    const { db } = openTempDatabase(tmp);
    const r = appendAudit(db, { action: 'test.user', subject: 'x', outcome: 'ok' });
    expect(r.user.length).toBeGreaterThan(0);
    expect(r.details).toEqual({});
    expect(Date.now() - Date.parse(r.time)).toBeLessThan(60_000);
    db.close();
  });
});

describe('verifyAuditChain catches tampering behind the app’s back', () => {
  it('an edited row', () => {
    const db = logOfFive();
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare(`UPDATE audit_log SET outcome = 'ok' WHERE id = 4`).run();
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, firstBadRow: 4, problem: expect.stringMatching(/row 4 was changed/) });
    db.close();
  });

  it('an edited row whose own hash was recomputed: the next row no longer follows', () => {
    const db = logOfFive();
    db.exec('DROP TRIGGER audit_log_no_update');
    const r = { ...row(db, 3), subject: 'forged' };
    db.prepare('UPDATE audit_log SET subject = ?, hash = ? WHERE id = 3').run(
      r.subject,
      auditRowHash({ ...r, osUser: r.os_user, prevHash: r.prev_hash }),
    );
    expect(verifyAuditChain(db)).toMatchObject({
      ok: false,
      firstBadRow: 4,
      problem: expect.stringMatching(/row 4 does not follow on from row 3/),
    });
    db.close();
  });

  it('a deleted row in the middle', () => {
    const db = logOfFive();
    db.exec('DROP TRIGGER audit_log_no_delete');
    db.prepare('DELETE FROM audit_log WHERE id = 3').run();
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, firstBadRow: 3, problem: expect.stringMatching(/row 3 is missing/) });
    db.close();
  });

  it('the newest rows deleted', () => {
    const db = logOfFive();
    db.exec('DROP TRIGGER audit_log_no_delete');
    db.prepare('DELETE FROM audit_log WHERE id >= 4').run();
    expect(verifyAuditChain(db)).toMatchObject({
      ok: false,
      rows: 3,
      firstBadRow: 4,
      problem: expect.stringMatching(/rows 4 to 5 were deleted/),
    });
    db.close();
  });

  it('a well-formed row slipped in between (later rows renumbered)', () => {
    const db = logOfFive();
    db.exec('DROP TRIGGER audit_log_no_update');
    for (const id of [5, 4, 3]) db.prepare('UPDATE audit_log SET id = id + 1 WHERE id = ?').run(id);
    const prev = row(db, 2);
    const fields = {
      id: 3,
      time: '2026-11-20T10:00:02.500Z',
      osUser: 'mallory',
      action: 'trust.add',
      subject: 'evil',
      outcome: 'ok',
      details: '{}',
      prevHash: prev.hash,
    };
    db.prepare(
      'INSERT INTO audit_log (id, time, os_user, action, subject, outcome, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(...Object.values(fields), auditRowHash(fields));
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, firstBadRow: 4, problem: expect.stringMatching(/row 4 does not follow/) });
    db.close();
  });

  it('two rows swapped', () => {
    const db = logOfFive();
    db.exec('DROP TRIGGER audit_log_no_update');
    db.exec(
      'UPDATE audit_log SET id = 100 WHERE id = 2; UPDATE audit_log SET id = 2 WHERE id = 3; UPDATE audit_log SET id = 3 WHERE id = 100;',
    );
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, firstBadRow: 2 });
    db.close();
  });

  it('a row appended by hand that does not link to the last one', () => {
    const db = logOfFive();
    const fields = {
      id: 6,
      time: '2026-11-20T10:00:09.000Z',
      osUser: 'mallory',
      action: 'x',
      subject: 'y',
      outcome: 'ok',
      details: '{}',
      prevHash: row(db, 3).hash,
    };
    db.prepare(
      'INSERT INTO audit_log (id, time, os_user, action, subject, outcome, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(...Object.values(fields), auditRowHash(fields));
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, firstBadRow: 6 });
    db.close();
  });

  it('the append-only triggers dropped, even with no row touched', () => {
    const db = logOfFive();
    db.exec('DROP TRIGGER audit_log_no_delete');
    expect(verifyAuditChain(db)).toMatchObject({
      ok: false,
      rows: 5,
      problem: expect.stringMatching(/guards were removed \(audit_log_no_delete\)/),
    });
    db.close();
  });
});

describe('onAuditAppended', () => {
  it('hears each row of its own database once it is written, and nothing after it stops listening', () => {
    const { db } = openTempDatabase(tmp);
    const other = openTempDatabase(tmp).db;
    const heard: AuditRow[] = [];
    const stop = onAuditAppended(db, (row) => heard.push(row));
    const first = appendAudit(db, { action: 'host.add', subject: 'plc1', outcome: 'ok' });
    appendAudit(other, { action: 'host.add', subject: 'elsewhere', outcome: 'ok' });
    expect(heard).toEqual([first]);
    expect(listAudit(db).map((r) => r.id)).toContain(heard[0]?.id);
    stop();
    appendAudit(db, { action: 'host.rm', subject: 'plc1', outcome: 'ok' });
    expect(heard).toHaveLength(1);
  });
});
