// Last known good from the deployment records: confirmed activations only
// (magic rollback off, failed and rolled-back ones never count), before the
// latest change or a given deployment; what is protected per host; and the
// hosts the latest deployment changed.
import { describe, expect, it } from 'vitest';
import { finishDeployment, startDeployment, type DeploymentEnd, type NewDeployment } from '../../../../src/main/core/db/deployments';
import {
  lastKnownGood,
  latestChange,
  latestDeploymentRun,
  LKG_KEPT_PER_HOST,
  protectedGenerations,
} from '../../../../src/main/core/operations/last-known-good';
import { openTempDatabase, tickingEnv } from '../../../helpers/site-db';
import { tempDir } from '../../../helpers/tmp';

const tmp = tempDir('airlock-lkg-');
const top = (tag: string): string => `/nix/store/${'a'.repeat(31)}${tag.slice(0, 1)}-nixos-system-${tag}`;

function setUp() {
  const { db } = openTempDatabase(tmp);
  const env = tickingEnv();
  const record = (
    host: string,
    to: number,
    system: string,
    end: Partial<DeploymentEnd> & Pick<DeploymentEnd, 'outcome'>,
    d: Partial<NewDeployment> = {},
  ): number => {
    const id = startDeployment(
      db,
      {
        host,
        kind: 'deploy',
        action: 'switch',
        fromGeneration: to - 1,
        fromToplevel: null,
        toGeneration: to,
        toToplevel: top(system),
        ...d,
      },
      env,
    );
    finishDeployment(db, id, { confirmed: false, pathsSent: 0, bytesSent: 0, health: [], ...end }, env);
    return id;
  };
  return { db, record };
}

describe('lastKnownGood', () => {
  it('is the newest confirmed generation before the latest change, skipping unconfirmed, failed and rolled-back ones', () => {
    const { db, record } = setUp();
    const good = record('h1', 2, 'g2', { outcome: 'succeeded', confirmed: true }, { bundle: 'site-1' });
    record('h1', 3, 'g3', { outcome: 'succeeded', confirmed: false }, { bundle: 'site-2' }); // --no-magic-rollback
    record('h1', 4, 'g4', { outcome: 'rolled-back' }, { bundle: 'site-3' });
    record('h1', 5, 'g5', { outcome: 'failed' }, { bundle: 'site-3' });
    const latest = record('h1', 6, 'g6', { outcome: 'succeeded', confirmed: true }, { bundle: 'site-3' });
    expect(latestChange(db, 'h1')?.id).toBe(latest);
    expect(lastKnownGood(db, 'h1')).toMatchObject({ generation: 2, toplevel: top('g2'), deploymentId: good });
    expect(lastKnownGood(db, 'h2')).toBeUndefined();
    // Before the first change nothing was confirmed; a deployment of another host is no answer for h1.
    expect(lastKnownGood(db, 'h1', { before: good })).toBeUndefined();
    expect(lastKnownGood(db, 'h1', { before: record('h2', 2, 'x', { outcome: 'succeeded', confirmed: true }) })).toBeUndefined();
  });

  it('an incident rollback is not a change: asking again gives the same target; a confirmed rollback counts as known good', () => {
    const { db, record } = setUp();
    record('h1', 2, 'g2', { outcome: 'succeeded', confirmed: true });
    record('h1', 3, 'g3', { outcome: 'succeeded', confirmed: true });
    record('h1', 4, 'g4', { outcome: 'succeeded', confirmed: true });
    expect(lastKnownGood(db, 'h1')?.generation).toBe(3);
    const back = record('h1', 3, 'g3', { outcome: 'succeeded', confirmed: true }, { kind: 'rollback', reason: 'incident 1: x' });
    expect(lastKnownGood(db, 'h1')?.generation).toBe(3);
    const next = record('h1', 5, 'g5', { outcome: 'succeeded', confirmed: true });
    expect(lastKnownGood(db, 'h1')).toMatchObject({ generation: 3, deploymentId: back });
    // The same system deployed again under a new number is not "before" it.
    record('h1', 6, 'g5', { outcome: 'succeeded', confirmed: true });
    expect(lastKnownGood(db, 'h1')?.generation).toBe(3);
    expect(lastKnownGood(db, 'h1', { before: next })?.generation).toBe(3);
  });

  it('protects the newest few distinct known good generations plus the current answer; a reused number counts once', () => {
    const { db, record } = setUp();
    expect(LKG_KEPT_PER_HOST).toBe(3);
    record('h1', 2, 'g2', { outcome: 'succeeded', confirmed: true });
    record('h1', 3, 'g3', { outcome: 'succeeded', confirmed: true });
    // Rollbacks are not changes: the answer stays 2 (before the change to 3), older than the newest three.
    for (const n of [4, 5, 6]) record('h1', n, `g${n}`, { outcome: 'succeeded', confirmed: true }, { kind: 'rollback' });
    record('h1', 5, 'r5', { outcome: 'succeeded', confirmed: true }, { kind: 'rollback' });
    expect(lastKnownGood(db, 'h1')?.generation).toBe(2);
    expect(protectedGenerations(db, 'h1').map((g) => [g.generation, g.toplevel])).toEqual([
      [5, top('r5')],
      [6, top('g6')],
      [4, top('g4')],
      [2, top('g2')],
    ]);
    expect(protectedGenerations(db, 'nobody')).toEqual([]);
  });

  it('the latest deployment is the newest bundle that changed a host, with each host it changed', () => {
    const { db, record } = setUp();
    expect(latestDeploymentRun(db)).toBeUndefined();
    record('h1', 2, 'a', { outcome: 'succeeded' }, { bundle: 'site-1' });
    const h1 = record('h1', 3, 'b', { outcome: 'succeeded' }, { bundle: 'site-2' });
    record('h2', 2, 'c', { outcome: 'rolled-back' }, { bundle: 'site-2' });
    const h3 = record('h3', 2, 'd', { outcome: 'succeeded' }, { bundle: 'site-2' });
    record('h1', 2, 'a', { outcome: 'succeeded', confirmed: true }, { kind: 'rollback' });
    record('h2', 2, 'e', { outcome: 'succeeded' }, { bundle: 'site-9', action: 'test', toGeneration: null });
    expect(latestDeploymentRun(db)).toEqual({
      bundle: 'site-2',
      hosts: [
        { host: 'h1', deploymentId: h1 },
        { host: 'h3', deploymentId: h3 },
      ],
    });
  });
});
