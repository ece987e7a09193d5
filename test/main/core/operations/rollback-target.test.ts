// Where "Roll back" goes, as the command line's `rollback` and the Host screen
// both ask it: the generation that ran before the running one by the records,
// rollbacks and failures skipped (moved here from the renderer, which no longer
// has a copy of this rule).
import { describe, expect, it } from 'vitest';
import { finishDeployment, startDeployment, type DeploymentEnd, type NewDeployment } from '../../../../src/main/core/db/deployments';
import { rollbackTarget } from '../../../../src/main/core/operations/rollback-target';
import type { HostProbe } from '../../../../src/main/core/remote/probe-hosts';
import { openTempDatabase, tickingEnv } from '../../../helpers/site-db';
import { tempDir } from '../../../helpers/tmp';

const tmp = tempDir('airlock-rollback-target-');
const top = (n: number): string => `/nix/store/${'b'.repeat(31)}${n}-nixos-system-g${n}`;

function setUp() {
  const { db } = openTempDatabase(tmp);
  const env = tickingEnv();
  const record = (from: number, to: number, end: Pick<DeploymentEnd, 'outcome'>, d: Partial<NewDeployment> = {}): void => {
    const id = startDeployment(
      db,
      {
        host: 'plc1',
        kind: 'deploy',
        action: 'switch',
        fromGeneration: from,
        fromToplevel: top(from),
        toGeneration: to,
        toToplevel: top(to),
        ...d,
      },
      env,
    );
    finishDeployment(db, id, { confirmed: end.outcome === 'succeeded', pathsSent: 0, bytesSent: 0, health: [], ...end }, env);
  };
  return { db, record };
}

/** A probe of plc1 running generation `running` of generations 1 to 4. */
function running(running: number | null, reachable = true): Pick<HostProbe, 'reachable' | 'generations'> {
  const generations = [4, 3, 2, 1].map((generation) => ({
    generation,
    date: null,
    toplevel: top(generation),
    current: generation === running,
    booted: false,
    default: generation === running,
    nixosVersion: null,
    kernelVersion: null,
  }));
  return { reachable, generations: reachable ? generations : [] };
}

describe('rollbackTarget', () => {
  it('finds the recorded previous generation as the engine does: rollbacks and failures skipped', () => {
    const { db, record } = setUp();
    record(1, 2, { outcome: 'succeeded' });
    record(2, 3, { outcome: 'succeeded' });
    record(3, 2, { outcome: 'succeeded' }, { kind: 'rollback' });
    record(2, 4, { outcome: 'rolled-back' });
    expect(rollbackTarget(db, 'plc1', running(2))).toEqual({ from: 2, to: 1, why: null });
    expect(rollbackTarget(db, 'plc1', running(3))).toEqual({ from: 3, to: 2, why: null });
    expect(rollbackTarget(db, 'plc1', running(4))).toEqual({
      from: 4,
      to: null,
      why: 'no deployment record says what ran before generation 4',
    });
  });

  it('says why there is no target when the host runs none of its generations or cannot be reached', () => {
    const { db, record } = setUp();
    record(1, 2, { outcome: 'succeeded' });
    expect(rollbackTarget(db, 'plc1', running(null)).why).toBe('its running system is none of its generations');
    expect(rollbackTarget(db, 'plc1', running(2, false))).toMatchObject({
      to: null,
      why: expect.stringMatching(/plc1 could not be reached/),
    });
  });
});
