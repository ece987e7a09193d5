// The service as every face uses it: a real data folder and a real folder as
// a medium; refusals audited and announced; long jobs ending in events; the
// background watch running only while someone listens.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AirlockEvent } from '../../../src/shared/events';
import { createService } from '../../../src/main/core/service/index';
import { auditCsv } from '../../../src/main/core/service/audit';
import { openDatabase } from '../../../src/main/core/db/open-database';
import { initSite } from '../../../src/main/core/db/site-store';
import { keyPair } from '../../helpers/site-db';
import { tempDir } from '../../helpers/tmp';

const work = tempDir('airlock-service-');
const dataDir = join(work, 'data');
const stick = join(work, 'stick');
mkdirSync(join(stick, 'accel-ctl-1.airlock'), { recursive: true });
const service = createService({ version: '1.2.3', dataDir, env: { AIRLOCK_MEDIA_ROOTS: stick, AIRLOCK_MEDIA_POLL_MS: '1000' } });
afterAll(() => service.dispose());

const db = openDatabase(dataDir);
initSite(db, { name: 'accel-ctl', bundleKeys: [keyPair('build-1').publicKey], nixKeys: [keyPair('nix-1').publicKey], threshold: 1 });
db.close();

function nextEvent(match: (e: AirlockEvent) => boolean, timeoutMs = 10_000): Promise<AirlockEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (stop(), reject(new Error('no such event'))), timeoutMs);
    const stop = service.events.subscribe((e) => {
      if (!match(e)) return;
      clearTimeout(timer);
      stop();
      resolve(e);
    });
  });
}

describe('createService', () => {
  it('has a folder picker only when the shell hands one in (the web console has none)', async () => {
    expect(await service.appCapabilities(undefined)).toEqual({ nativeFolderPicker: false });
    await expect(service.dialogPickFolder({ title: 'Bundle folder' })).rejects.toThrow(/no folder picker: type the folder/);
    const shell = createService({ version: '1.2.3', dataDir, pickFolder: async (title) => `/media/${title.length}` });
    expect(await shell.appCapabilities(undefined)).toEqual({ nativeFolderPicker: true });
    expect(await shell.dialogPickFolder({ title: 'Cache' })).toBe('/media/5');
    shell.dispose();
  });

  it('shows the site of its data folder', async () => {
    expect(await service.appVersion(undefined)).toBe('1.2.3');
    expect(await service.siteShow(undefined)).toMatchObject({ name: 'accel-ctl', threshold: 1, floor: 0, dataDir });
  });

  it('audits and announces a refused trust change, and filters the log by outcome', async () => {
    const announced = nextEvent((e) => e.type === 'audit');
    await expect(service.trustThreshold({ threshold: 5 })).rejects.toThrow(/threshold must be a whole number from 1 to 1/);
    await announced;
    const refused = await service.auditList({ outcome: 'refused' });
    expect(refused.map((r) => r.action)).toEqual(['trust.threshold']);
    expect((await service.auditList({ action: 'site' })).map((r) => r.action)).toEqual(['site.init']);
    const csv = await service.auditExport({ format: 'csv' });
    expect(csv.content.split('\r\n')[0]).toBe('id,time,user,action,subject,outcome,details');
  });

  it('checks the audit chain as `airlock audit verify` does, and refuses an incident that does not exist', async () => {
    const rows = await service.auditList({});
    expect(await service.auditVerify(undefined)).toEqual({ ok: true, rows: rows.length, firstBadRow: null, problem: null });
    await expect(service.auditList({ incident: 7 })).rejects.toThrow(/no incident 7/);
  });

  it('refuses to start a cache job before a cache is chosen, then runs one on the chosen cache to its end', async () => {
    await expect(service.cacheVerify(undefined)).rejects.toThrow(/no offline cache chosen yet/);
    const status = await service.cacheUse({ root: join(stick, 'airlock') });
    expect(status).toMatchObject({ root: join(stick, 'airlock'), problem: null, paths: 0, bundles: [] });
    const ended = nextEvent((e) => e.type === 'job' && e.job.status !== 'running');
    const job = await service.cacheVerify(undefined);
    expect(job).toMatchObject({ kind: 'cache-verify', status: 'running' });
    expect(await ended).toMatchObject({ job: { id: job.id, status: 'done', message: '0 paths checked, none damaged' } });
  });

  it('lists a folder named as a medium while someone listens, with its broken bundle explained', async () => {
    const media = await nextEvent((e) => e.type === 'media');
    expect(media.type === 'media' && media.media.map((m) => [m.mountPoint, m.brokenBundles.length, m.cache?.path])).toEqual([
      [stick, 1, join(stick, 'airlock')],
    ]);
    const listed = await service.bundlesList({ folder: stick });
    expect(listed.broken[0]?.problem).toMatch(/no airlock-bundle.json/);
  });

  it('writes CSV a spreadsheet will not run as formulas', () => {
    const csv = auditCsv([{ id: 1, time: 't', user: 'u', action: 'host.add', subject: '=cmd()', outcome: 'ok', details: { a: '"x",y' } }]);
    expect(csv.split('\r\n')[1]).toBe(`1,t,u,host.add,'=cmd(),ok,"{""a"":""\\""x\\"",y""}"`);
  });
});
