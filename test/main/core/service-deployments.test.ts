// The Host screen's deployment records as the service hands them over: a change
// read back from the host's own records (another station made it, before a lost
// laptop) names that station; this station's own rows name none.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createService } from '../../../src/main/core/service/index';
import { finishDeployment, startDeployment } from '../../../src/main/core/db/deployments';
import { insertImportedDeployment } from '../../../src/main/core/db/imported-deployments';
import { openDatabase } from '../../../src/main/core/db/open-database';
import { addUnreachableHost, dataDirWithSite } from '../../helpers/site-db';
import { tempDir } from '../../helpers/tmp';

const dataDir = dataDirWithSite(join(tempDir('airlock-service-deployments-'), 'data'));
const db = openDatabase(dataDir);
addUnreachableHost(db, 'plc1', '10.0.0.7');
insertImportedDeployment(db, {
  host: 'plc1',
  station: 'ctl-laptop-2-1a2b3c4d',
  profile: null,
  kind: 'deploy',
  action: 'switch',
  bundle: 'accel-ctl-6',
  operator: 'alice',
  reason: null,
  fromGeneration: 1,
  fromToplevel: '/nix/store/11111111111111111111111111111111-nixos-system-1',
  toGeneration: 2,
  toToplevel: '/nix/store/22222222222222222222222222222222-nixos-system-2',
  startedAt: '2026-11-20T10:00:00.000Z',
  finishedAt: '2026-11-20T10:01:00.000Z',
  outcome: 'succeeded',
  outcomeReason: null,
  confirmed: true,
});
db.close();
const service = createService({ version: '1.2.3', dataDir, env: {} });
afterAll(() => service.dispose());

describe('deployment records on the Host screen', () => {
  it("name the station of a change read back from the host, and none for this station's own", async () => {
    const own = openDatabase(dataDir);
    const id = startDeployment(own, {
      host: 'plc1',
      kind: 'rollback',
      action: 'switch',
      fromGeneration: 2,
      fromToplevel: '/nix/store/22222222222222222222222222222222-nixos-system-2',
      toGeneration: 1,
      toToplevel: '/nix/store/11111111111111111111111111111111-nixos-system-1',
    });
    finishDeployment(own, id, { outcome: 'succeeded', confirmed: true, pathsSent: 0, bytesSent: 0, health: [] });
    own.close();
    const rows = await service.deploymentsList({ host: 'plc1' });
    expect(rows.map((r) => [r.kind, r.operator, r.station])).toEqual([
      ['rollback', expect.any(String), null],
      ['deploy', 'alice', 'ctl-laptop-2-1a2b3c4d'],
    ]);
  });
});
