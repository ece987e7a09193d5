// The audit log copied to the medium with each import and deploy, through the
// real CLI against a real fleet host: the copy on the stick holds every row
// of the station's log with its hash chain, grows with each deploy, survives
// the data folder's loss, and `audit verify --copy` checks it on its own and
// names the row where an edited copy breaks.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditRow } from '../../src/main/core/db/audit-log';
import { currentSystemOf, useFleetSite } from '../helpers/fleet-site';
import { airlock } from '../helpers/run-cli';
import { tempDir } from '../helpers/tmp';

const { site, host } = useFleetSite('auditcopy', 1);

interface CopiedRow {
  readonly id: number;
  readonly hash: string;
  readonly prev_hash: string;
  readonly action: string;
  readonly details: string;
}

const copyFile = (): string => {
  const dir = join(site.cacheRoot, 'airlock-audit');
  const station = readFileSync(join(site.dataDir, 'station-id'), 'utf8').trim();
  expect(readdirSync(dir)).toEqual([`fleet-${station}.jsonl`]);
  return join(dir, `fleet-${station}.jsonl`);
};
const copied = (): CopiedRow[] =>
  readFileSync(copyFile(), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as CopiedRow);
const logged = (): AuditRow[] => JSON.parse(site.cli(['audit', '--json']).text) as AuditRow[];

describe('the audit log copied to the medium', () => {
  it('an import copies every row of the log to the stick, hash chain included', () => {
    site.bundle(1, { host1: { version: '24.05.2' } });
    const rows = logged();
    expect(rows.some((r) => r.action === 'bundle.accept' || r.action.startsWith('bundle.'))).toBe(true);
    expect(copied().map((r) => [r.id, r.hash, r.prev_hash])).toEqual(rows.map((r) => [r.id, r.hash, r.prevHash]));
  });

  it('a deploy adds its rows after the ones already copied, and the copy verifies on its own', async () => {
    const before = copied();
    const b2 = site.bundle(2, { host1: { version: '24.05.3' } });
    const r = site.cli(['deploy', 'host1', '--confirm-timeout', '15', '--json']);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(await currentSystemOf(host('host1'))).toBe(b2.host1);
    const after = copied();
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.map((x) => x.action)).toContain('host.deploy');
    expect(after.map((x) => x.hash)).toEqual(logged().map((x) => x.hash));

    const v = site.cli(['audit', 'verify', '--copy', copyFile()]);
    expect([v.status, v.stderr, v.text]).toEqual([0, '', `audit copy ${copyFile()} intact: ${after.length} rows\n`]);
  });

  it('with the data folder gone, another station verifies the copy; an edited row is named', () => {
    const file = copyFile();
    const rows = copied();
    rmSync(site.dataDir, { recursive: true, force: true });
    const elsewhere = join(tempDir('airlock-audit-copy-b-'), 'data');
    const ok = airlock(['audit', 'verify', '--copy', file, '--json', '--data-dir', elsewhere]);
    expect([ok.status, ok.stderr]).toEqual([0, '']);
    expect(JSON.parse(ok.text)).toEqual({ ok: true, rows: rows.length });

    // Someone edits one row's details on the stick: the chain names it.
    const text = readFileSync(file, 'utf8').split('\n');
    const third = JSON.parse(text[2] as string) as CopiedRow;
    text[2] = JSON.stringify({ ...third, details: '{"edited":true}' });
    writeFileSync(file, text.join('\n'));
    const bad = airlock(['audit', 'verify', '--copy', file, '--data-dir', elsewhere]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(`audit copy ${file} damaged at row 3: row 3 was changed after it was written`);
    // Verifying a copy creates nothing in the data folder it ran from.
    expect(existsSync(join(elsewhere, 'airlock.db'))).toBe(false);
  });
});
