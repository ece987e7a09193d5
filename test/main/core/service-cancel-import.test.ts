// An import cancelled from the app: the job ends "cancelled" (not failed, not
// done), the cache accepts nothing and holds only whole paths, the audit says
// the import did not happen, and importing again finishes the bundle.
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AirlockEvent } from '../../../src/shared/events';
import type { JobView } from '../../../src/shared/schemas';
import { createService } from '../../../src/main/core/service/index';
import { makeNixBundle } from '../../helpers/nix-made-bundle';
import { buildStorePath, nixBytes } from '../../helpers/real-nix';
import { airlock } from '../../helpers/run-cli';
import { tempDir } from '../../helpers/tmp';

const work = tempDir('airlock-cancel-import-');
const dataDir = join(work, 'data');
const stick = join(work, 'stick');
const root = join(stick, 'airlock');
const run = (args: string[]) => airlock(args, { AIRLOCK_DATA_DIR: dataDir });
let bundle: string;
/** The system's closure as real Nix lists it: what a finished import holds. */
let closure: string[];
let service: ReturnType<typeof createService>;

beforeAll(() => {
  const keyFile = join(work, 'build.sec');
  expect(run(['keys', 'generate', '--name', 'build-1', '--secret-key', keyFile, '--public-key', join(work, 'build.pub')]).status).toBe(0);
  expect(run(['site', 'init', '--name', 'accel-ctl', '--trust', join(work, 'build.pub')]).status).toBe(0);
  mkdirSync(stick);
  // Several NARs of real LZMA work, so the import is still checking when the cancel arrives.
  const blobs = [1, 2, 3, 4].map((n) => buildStorePath(`airlock-cancel-blob-${n}`, `/usr/bin/seq ${n} ${n * 400000} > $out`));
  const toplevel = buildStorePath('airlock-cancel-system', `/bin/echo ${blobs.join(' ')} > $out`, blobs);
  closure = nixBytes(['nix-store', '-qR', toplevel]).toString().trim().split('\n');
  bundle = makeNixBundle(join(work, 'accel-ctl-1.airlock'), {
    site: 'accel-ctl',
    sequence: 1,
    host: 'plc1',
    toplevel,
    compression: 'xz',
    keyFile,
  });
  service = createService({ version: '1.2.3', dataDir, env: { AIRLOCK_MEDIA_ROOTS: stick } });
}, 180_000);
afterAll(() => service.dispose());

function jobEnd(id: string): Promise<JobView> {
  return new Promise((resolve) => {
    const stop = service.events.subscribe((e: AirlockEvent) => {
      if (e.type !== 'job' || e.job.id !== id || e.job.status === 'running') return;
      stop();
      resolve(e.job);
    });
  });
}

const narinfos = (): string[] => readdirSync(join(root, 'cache')).filter((f) => f.endsWith('.narinfo'));

describe('cancelling an import from the app', () => {
  it('ends cancelled with nothing accepted, and the next import finishes the bundle', async () => {
    await service.cacheUse({ root });
    const job = await service.cacheImport({ folder: bundle });
    const ended = jobEnd(job.id);
    expect((await service.jobsCancel({ id: job.id })).id).toBe(job.id);
    const end = await ended;
    expect(end).toMatchObject({ status: 'cancelled', kind: 'cache-import' });
    expect(end.message).toMatch(/nothing was accepted.*importing again resumes/);
    expect(narinfos()).toEqual([]);
    expect((await service.cacheStatus(undefined)).bundles).toEqual([]);
    const audit = await service.auditList({ action: 'bundle.import' });
    expect(audit.map((a) => a.outcome)).toEqual(['failed']);

    const again = await service.cacheImport({ folder: bundle });
    const done = await jobEnd(again.id);
    expect(done, done.message ?? '').toMatchObject({ status: 'done' });
    expect(done.message).toBe(`accepted accel-ctl-1: ${closure.length} paths added, 0 already in the cache`);
    expect(narinfos()).toHaveLength(closure.length);
    expect((await service.cacheStatus(undefined)).bundles.map((b) => b.name)).toEqual(['accel-ctl-1']);
  }, 120_000);

  it('says plainly when there is no such job, and leaves an ended job as it ended', async () => {
    await expect(service.jobsCancel({ id: 'no-such-job' })).rejects.toThrow(/no job no-such-job/);
    const [done] = (await service.jobsList(undefined)).filter((j) => j.status === 'done');
    expect((await service.jobsCancel({ id: (done as JobView).id })).status).toBe('done');
  });
});
