// `airlock audit` and `airlock audit verify` through the real CLI, including a
// log edited behind the app's back with raw SQL (triggers dropped first).
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { airlock } from '../helpers/run-cli';
import { tempDir } from '../helpers/tmp';

const work = tempDir('airlock-cli-audit-');
let n = 0;
let pub1: string;
let pub2: string;

beforeAll(() => {
  [pub1, pub2] = ['build-1', 'build-2'].map((name) => {
    const pub = join(work, `${name}.pub`);
    expect(airlock(['keys', 'generate', '--name', name, '--secret-key', join(work, `${name}.sec`), '--public-key', pub]).status).toBe(0);
    return pub;
  }) as [string, string];
});

/** A data folder whose log has four rows: init, add, refused add, threshold. */
function siteWithHistory(): string {
  const dir = join(work, `data-${++n}`);
  for (const args of [
    ['site', 'init', '--name', 'accel-ctl', '--trust', pub1],
    ['site', 'trust', 'add', pub2],
    ['site', 'trust', 'add', pub2],
    ['site', 'threshold', '2'],
  ]) {
    airlock([...args, '--data-dir', dir]);
  }
  return dir;
}

function tamper(dir: string, sql: string): void {
  const db = new Database(join(dir, 'airlock.db'));
  db.exec(sql);
  db.close();
}

interface Row {
  id: number;
  time: string;
  user: string;
  action: string;
  subject: string;
  outcome: string;
  details: Record<string, unknown>;
  hash: string;
}

describe('airlock audit', () => {
  it('lists the log as a table, as JSON, and from a time', () => {
    const dir = siteWithHistory();
    const table = airlock(['audit', '--data-dir', dir]);
    expect(table.status, table.stderr).toBe(0);
    const lines = table.text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+TIME\s+USER\s+OUTCOME\s+ACTION\s+SUBJECT\s+DETAILS$/);
    expect(lines).toHaveLength(5);
    expect(lines[3]).toMatch(/^3\s+\S+Z\s+\S+\s+refused\s+trust\.add\s+build-2\s+\{.*already trusted/);

    const rows = JSON.parse(airlock(['audit', '--json', '--data-dir', dir]).text) as Row[];
    expect(rows.map((r) => [r.id, r.action, r.outcome])).toEqual([
      [1, 'site.init', 'ok'],
      [2, 'trust.add', 'ok'],
      [3, 'trust.add', 'refused'],
      [4, 'trust.threshold', 'ok'],
    ]);
    expect(rows[3]?.details).toEqual({ to: 2, from: 1 });
    expect(rows[0]?.hash).toMatch(/^[0-9a-f]{64}$/);

    const since = JSON.parse(airlock(['audit', '--json', '--since', rows[2]?.time ?? '', '--data-dir', dir]).text) as Row[];
    expect(since.map((r) => r.id)).toEqual([3, 4]);
    const future = airlock(['audit', '--since', '2999-01-01T00:00:00+01:00', '--data-dir', dir]);
    expect(future.text).toMatch(/no audit entries since then/);
    expect(airlock(['audit', '--since', 'yesterday', '--data-dir', dir]).status).toBe(2);
  });

  it('says so when the log is empty', () => {
    const r = airlock(['audit', '--data-dir', join(work, 'empty')]);
    expect(r.status).toBe(0);
    expect(r.text).toMatch(/the audit log is empty/);
  });
});

describe('airlock audit verify', () => {
  it('passes an untouched log', () => {
    const r = airlock(['audit', 'verify', '--data-dir', siteWithHistory()]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.text.trim()).toBe('audit log intact: 4 rows');
  });

  it('names a row edited behind the app’s back', () => {
    const dir = siteWithHistory();
    tamper(dir, "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET outcome = 'ok' WHERE id = 3;");
    const r = airlock(['audit', 'verify', '--data-dir', dir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^airlock: audit log damaged at row 3: row 3 was changed/);
    const json = airlock(['audit', 'verify', '--json', '--data-dir', dir]);
    expect(json.status).toBe(1);
    expect(JSON.parse(json.text)).toMatchObject({ ok: false, firstBadRow: 3 });
  });

  it('names a row deleted behind the app’s back', () => {
    const dir = siteWithHistory();
    tamper(dir, 'DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = 2;');
    const r = airlock(['audit', 'verify', '--data-dir', dir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^airlock: audit log damaged at row 2: row 2 is missing/);
  });

  it('notices the newest row deleted and the guards put back', () => {
    const dir = siteWithHistory();
    tamper(
      dir,
      `DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = 4;
       CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
       BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: rows cannot be deleted'); END;`,
    );
    const r = airlock(['audit', 'verify', '--data-dir', dir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^airlock: audit log damaged at row 4: row 4 was deleted from the end/);
  });
});
