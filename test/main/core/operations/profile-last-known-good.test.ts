// A profile's last known good from the deployment records (issue 12): that
// profile's confirmed activations only, never the system's nor another
// profile's; before its latest change; what is protected per profile; and the
// host's own record of a profile change (format 2, which older stations skip).
import { describe, expect, it } from 'vitest';
import {
  finishDeployment,
  getDeployment,
  startDeployment,
  type DeploymentEnd,
  type NewDeployment,
} from '../../../../src/main/core/db/deployments';
import { LKG_KEPT_PER_HOST, lastKnownGood, protectedGenerations } from '../../../../src/main/core/operations/last-known-good';
import {
  latestProfileChange,
  profileLastKnownGood,
  protectedProfileGenerations,
} from '../../../../src/main/core/operations/profile-last-known-good';
import { hostChangeRecordOf } from '../../../../src/main/core/operations/record-on-host';
import { asHostChangeRecord } from '../../../../src/main/core/remote/host-history';
import { openTempDatabase, tickingEnv } from '../../../helpers/site-db';
import { tempDir } from '../../../helpers/tmp';

const tmp = tempDir('airlock-profile-lkg-');
const top = (tag: string): string => `/nix/store/${'b'.repeat(31)}${tag.slice(0, 1)}-ioc-${tag}`;
const IOC = '/nix/var/nix/profiles/per-user/epics/ioc';
const OTHER = '/nix/var/nix/profiles/per-user/epics/gateway';

function setUp() {
  const { db } = openTempDatabase(tmp);
  const env = tickingEnv();
  const record = (
    to: number,
    path: string,
    end: Partial<DeploymentEnd> & Pick<DeploymentEnd, 'outcome'>,
    d: Partial<NewDeployment> = {},
  ): number => {
    const id = startDeployment(
      db,
      {
        host: 'h1',
        kind: 'deploy',
        action: 'switch',
        profile: IOC,
        fromGeneration: to > 1 ? to - 1 : null,
        fromToplevel: null,
        toGeneration: to,
        toToplevel: top(path),
        ...d,
      },
      env,
    );
    finishDeployment(db, id, { confirmed: false, pathsSent: 0, bytesSent: 0, health: [], ...end }, env);
    return id;
  };
  return { db, record };
}

describe('profileLastKnownGood', () => {
  it("is the profile's newest confirmed generation before its latest change, apart from the system's and other profiles' rows", () => {
    const { db, record } = setUp();
    const good = record(1, 'v1', { outcome: 'succeeded', confirmed: true });
    record(2, 'v2', { outcome: 'rolled-back' });
    record(7, 'sys', { outcome: 'succeeded', confirmed: true }, { profile: undefined });
    record(4, 'gw', { outcome: 'succeeded', confirmed: true }, { profile: OTHER });
    const latest = record(3, 'v3', { outcome: 'succeeded', confirmed: true });
    expect(latestProfileChange(db, 'h1', IOC)?.id).toBe(latest);
    expect(profileLastKnownGood(db, 'h1', IOC)).toMatchObject({ generation: 1, toplevel: top('v1'), deploymentId: good });
    // The other profile's only confirmed generation is its latest change: nothing known good before it, but it is protected.
    expect(profileLastKnownGood(db, 'h1', OTHER)).toBeUndefined();
    expect(protectedProfileGenerations(db, 'h1', OTHER).map((g) => g.generation)).toEqual([4]);
    // The system's answer never sees a profile's rows.
    expect(lastKnownGood(db, 'h1')).toBeUndefined();
    expect(protectedGenerations(db, 'h1').map((g) => g.generation)).toEqual([7]);
    // A rollback is not a change: after going back to 1, the answer stays 1.
    record(1, 'v1', { outcome: 'succeeded', confirmed: true }, { kind: 'rollback' });
    expect(profileLastKnownGood(db, 'h1', IOC)).toMatchObject({ generation: 1 });
    // Before the first change: nothing was known good.
    expect(profileLastKnownGood(db, 'h1', IOC, { before: good })).toBeUndefined();
  });

  it(`protects the newest ${LKG_KEPT_PER_HOST} distinct confirmed generations of the profile and the current answer`, () => {
    const { db, record } = setUp();
    for (let n = 1; n <= 5; n++) record(n, `v${n}`, { outcome: 'succeeded', confirmed: true });
    expect(protectedProfileGenerations(db, 'h1', IOC).map((g) => g.generation)).toEqual([5, 4, 3]);
    expect(protectedProfileGenerations(db, 'h1', OTHER)).toEqual([]);
    expect(protectedProfileGenerations(db, 'h2', IOC)).toEqual([]);
  });

  it("the host's record of a profile change is format 2 and names the profile; a system's stays format 1", () => {
    const { db, record } = setUp();
    const profileRecord = hostChangeRecordOf(getDeployment(db, record(1, 'v1', { outcome: 'succeeded', confirmed: true })), 'station-a');
    expect(profileRecord).toMatchObject({ format: 2, profile: IOC, to: { generation: 1 } });
    expect(asHostChangeRecord(JSON.parse(JSON.stringify(profileRecord)))).toBeDefined();
    const systemRecord = hostChangeRecordOf(
      getDeployment(db, record(2, 'sys', { outcome: 'succeeded', confirmed: true }, { profile: undefined })),
      'station-a',
    );
    expect(systemRecord?.format).toBe(1);
    expect(systemRecord && 'profile' in systemRecord).toBe(false);
    // A format 1 record naming a profile, or a format 2 one without, is never believed.
    expect(asHostChangeRecord({ ...systemRecord, profile: IOC })).toBeUndefined();
    expect(asHostChangeRecord({ ...profileRecord, profile: undefined })).toBeUndefined();
    expect(asHostChangeRecord({ ...profileRecord, profile: 'relative/ioc' })).toBeUndefined();
  });
});
