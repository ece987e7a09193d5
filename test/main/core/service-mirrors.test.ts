// Mirrors as the app and the console use them: the same use cases as the
// command line, errors in the API's shape, and publish as a job whose end
// arrives as an event.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AirlockEvent } from '../../../src/shared/events';
import { apiErrorOf } from '../../../src/main/core/refusal-error';
import { createService } from '../../../src/main/core/service/index';
import { listAudit } from '../../../src/main/core/db/audit-log';
import { openDatabase } from '../../../src/main/core/db/open-database';
import { addUnreachableHost, dataDirWithSite } from '../../helpers/site-db';
import { tempDir } from '../../helpers/tmp';

const dataDir = dataDirWithSite(join(tempDir('airlock-service-mirrors-'), 'data'));
const db = openDatabase(dataDir);
addUnreachableHost(db, 'cache1', '10.0.0.5');
db.close();
const service = createService({ version: '1.2.3', dataDir, env: {} });
afterAll(() => service.dispose());

const refusalOf = async (p: Promise<unknown>) => p.then(() => undefined, apiErrorOf);

describe('mirror handlers', () => {
  it('add, list and remove through the use cases; bad input is a bad-input error', async () => {
    expect(
      await service.mirrorsAdd({ name: 'pier', url: 'http://10.0.0.5/nix-cache/', host: 'cache1', path: '/srv/nix-cache' }),
    ).toMatchObject({ name: 'pier', url: 'http://10.0.0.5/nix-cache', host: 'cache1', path: '/srv/nix-cache' });
    expect(await service.mirrorsAdd({ name: 'city', url: 'https://cache.city.example' })).toMatchObject({ host: null, path: null });
    expect(await refusalOf(service.mirrorsAdd({ name: 'x', url: 'ftp://a/b' }))).toMatchObject({
      code: 'bad-input',
      message: expect.stringMatching(/http:\/\/ or https:\/\//),
    });
    expect(await refusalOf(service.mirrorsAdd({ name: 'pier', url: 'http://a' }))).toMatchObject({
      code: 'refused',
      message: expect.stringMatching(/already exists/),
    });
    expect((await service.mirrorsList(undefined)).map((m) => m.name)).toEqual(['city', 'pier']);
    expect(await service.mirrorsRemove({ name: 'pier' })).toMatchObject({ name: 'pier' });
    expect((await service.mirrorsList(undefined)).map((m) => m.name)).toEqual(['city']);
  });

  it('publish is a job; one without a host and folder ends refused, audited', async () => {
    const ended = new Promise<AirlockEvent>((resolve) => {
      const stop = service.events.subscribe((e) => e.type === 'job' && e.job.status !== 'running' && (stop(), resolve(e)));
    });
    const job = await service.mirrorsPublish({ name: 'city' });
    expect(job).toMatchObject({ kind: 'mirror-publish', subject: 'city', status: 'running' });
    expect(await ended).toMatchObject({
      type: 'job',
      job: { id: job.id, status: 'refused', message: expect.stringMatching(/has no host and folder to publish to/) },
    });
    const check = openDatabase(dataDir);
    expect(listAudit(check).at(-1)).toMatchObject({ action: 'mirror.publish', subject: 'city', outcome: 'refused' });
    check.close();
  });
});
