// Two stations acting on one host at once meet the host's own lock, through
// the real CLI against a real fleet host (real sshd, real Nix store): station
// A (the site's data folder) and station B (a fresh data folder trusting the
// same site key) each take the lock on the host as the engine does; the
// other's deploy, switch, rollback and incident rollback are refused with the
// holder's station and start time, and nothing changes on the host. A holder
// that dies is taken over, audited.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runOnHost } from '../../fleet/fleet';
import type { AuditRow } from '../../src/main/core/db/audit-log';
import { requireHost } from '../../src/main/core/db/hosts';
import { openDatabase } from '../../src/main/core/db/open-database';
import { remoteHostOf } from '../../src/main/core/operations/remote-host-of';
import { HOST_LOCK_PATH, takeHostLock, type HeldHostLock } from '../../src/main/core/remote/host-lock';
import { sshPaths } from '../../src/main/core/remote/ssh-args';
import { currentSystemOf, hostAddArgs, useFleetSite } from '../helpers/fleet-site';
import { airlock, type CliResult } from '../helpers/run-cli';
import { tempDir } from '../helpers/tmp';

const { site, host, fleetDir } = useFleetSite('hostlock', 1);
const stationBDir = join(tempDir('airlock-lock-station-b-'), 'data');
const cliB = (args: readonly string[]): CliResult => airlock([...args, '--data-dir', stationBDir]);
const stationOf = (dataDir: string): string => readFileSync(join(dataDir, 'station-id'), 'utf8').trim();

/** Takes host1's lock as the station of `dataDir` would for `operation` (the engine's own transport call). */
async function holdAs(dataDir: string, operation: string, since: string): Promise<HeldHostLock> {
  const db = openDatabase(dataDir);
  try {
    const remote = remoteHostOf(requireHost(db, 'host1'));
    const attempt = await takeHostLock(sshPaths(dataDir), remote, { station: stationOf(dataDir), operation, operator: 'alice', since });
    if (!attempt.taken) throw new Error(`host1 is held by ${attempt.holder.station}`);
    return attempt.lock;
  } finally {
    db.close();
  }
}

async function lockOnHost(): Promise<string | null> {
  const r = await runOnHost(host('host1'), ['sh', '-c', `[ -L ${HOST_LOCK_PATH} ] && cat ${HOST_LOCK_PATH} || echo none`]);
  return r.stdout.trim() === 'none' ? null : r.stdout.trim();
}

describe("the host's own lock between two stations", () => {
  it("a deploy takes the host's lock and lets it go; the lock roots nothing", async () => {
    const b1 = site.bundle(1, { host1: { version: '24.05.2' } });
    expect(site.cli(['deploy', 'host1', '--confirm-timeout', '15', '--json']).status).toBe(0);
    expect(await currentSystemOf(host('host1'))).toBe(b1.host1);
    expect(await lockOnHost()).toBeNull();

    // Station B: a fresh data folder, same site key, the same host.
    const h = host('host1');
    const init = cliB(['site', 'init', '--name', 'fleet', '--trust', join(dirname(site.dataDir), 'build.sec.pub')]);
    expect([init.status, init.stderr]).toEqual([0, '']);
    const add = cliB(hostAddArgs(h, fleetDir));
    expect([add.status, add.stderr]).toEqual([0, '']);
    // B made its station id when it read the host's records; it is not A's.
    expect(stationOf(stationBDir)).not.toBe(stationOf(site.dataDir));
    expect(await lockOnHost()).toBeNull();
  });

  it("while station A holds host1, station B's switch and rollback are refused, naming A and since when", async () => {
    const before = await currentSystemOf(host('host1'));
    const since = '2026-12-06T01:50:00Z';
    const lock = await holdAs(site.dataDir, 'deploy of fleet-2', since);
    try {
      const holder = await lockOnHost();
      expect(holder).toContain(`"station":"${stationOf(site.dataDir)}"`);
      // The lock sits beside the known good roots and roots nothing.
      const roots = await runOnHost(host('host1'), ['nix-store', '--gc', '--print-roots']);
      expect(roots.stdout).not.toContain('airlock/lock');
      const words = `host1 is held by station ${stationOf(site.dataDir)} since ${since} (deploy of fleet-2 by alice); wait for it to finish and try again`;
      for (const args of [
        ['switch', 'host1', '1'],
        ['rollback', 'host1', '--to', '1'],
      ]) {
        const r = cliB(args);
        expect(r.status, args.join(' ')).toBe(1);
        expect(r.stderr + r.stdout, args.join(' ')).toContain(words);
      }
      expect(await currentSystemOf(host('host1'))).toBe(before);
      const audit = JSON.parse(cliB(['audit', '--json']).text) as AuditRow[];
      const refused = audit.filter((a) => a.subject === 'host1' && JSON.stringify(a.details).includes(words));
      expect(refused.map((a) => a.action)).toEqual(expect.arrayContaining(['host.switch', 'host.rollback']));
      // A's own lock is still there and still A's: B's refusals took nothing away.
      expect(await lockOnHost()).toBe(holder);
    } finally {
      await lock.release();
    }
    expect(await lockOnHost()).toBeNull();
  });

  it("while station B holds host1, station A's deploy and incident rollback are refused; once B lets go, A's deploy runs", async () => {
    const b2 = site.bundle(2, { host1: { version: '24.05.3' } });
    const before = await currentSystemOf(host('host1'));
    const since = '2026-12-06T01:51:00Z';
    const lock = await holdAs(stationBDir, 'rollback', since);
    try {
      const r = site.cli(['deploy', 'host1', '--confirm-timeout', '15']);
      expect(r.status).toBe(1);
      expect(r.stderr + r.stdout).toContain(`host1 is held by station ${stationOf(stationBDir)} since ${since} (rollback by alice)`);
      expect(await currentSystemOf(host('host1'))).toBe(before);
    } finally {
      await lock.release();
    }
    const r = site.cli(['deploy', 'host1', '--confirm-timeout', '15', '--json']);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(await currentSystemOf(host('host1'))).toBe(b2.host1);

    // An incident from A while B holds the host: preflight finds where to go, the host's lock refuses the rollback.
    const again = await holdAs(stationBDir, 'switch to generation 2', '2026-12-06T01:51:30Z');
    try {
      const inc = site.cli(['incident', 'rollback', 'host1', '--reason', 'two stations at once', '--confirm-timeout', '15']);
      expect(inc.status).toBe(1);
      expect(inc.stderr + inc.stdout).toContain(
        `host1 is held by station ${stationOf(stationBDir)} since 2026-12-06T01:51:30Z (switch to generation 2 by alice)`,
      );
      expect(await currentSystemOf(host('host1'))).toBe(b2.host1);
    } finally {
      await again.release();
    }
    expect(await lockOnHost()).toBeNull();
  });

  it('a holder that died on the host is stale: the next station takes the lock over, audited with who held it', async () => {
    await holdAs(stationBDir, 'switch to generation 2', '2026-12-06T01:52:00Z');
    // The holder's shell is killed outright (as a crash would): its lock stays behind, its pid is gone.
    const held = await lockOnHost();
    const pid = held?.split('\n')[0] as string;
    expect(pid).toMatch(/^\d+$/);
    await runOnHost(host('host1'), ['kill', '-9', pid]);
    expect(await lockOnHost()).toBe(held);

    const r = site.cli(['rollback', 'host1', '--confirm-timeout', '15', '--json']);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(await lockOnHost()).toBeNull();
    const takeover = (JSON.parse(site.cli(['audit', '--json']).text) as AuditRow[]).find((a) => a.action === 'host.lock-takeover');
    expect(takeover).toMatchObject({
      subject: 'host1',
      outcome: 'ok',
      details: { stale: { station: stationOf(stationBDir), operation: 'switch to generation 2', since: '2026-12-06T01:52:00Z' } },
    });
  });
});
