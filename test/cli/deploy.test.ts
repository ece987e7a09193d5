// `airlock deploy`, `rollback` and `generations` through the real CLI against a
// real fleet of 3 hosts (real sshd, real Nix stores): what lands in each
// store, the generations it makes, the bytes it sends, boot activations that
// wait for a reboot, refusals of a second operation, and rollback by the records.
import { existsSync, readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { resolve, join } from 'node:path';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { rebootHost, runOnHost } from '../../fleet/fleet';
import { cacheLayout } from '../../src/main/core/cache/cache-layout';
import { readHostClosure } from '../../src/main/core/remote/push/host-closure';
import { printStorePath } from '../../src/main/core/nix/store-path';
import type { GenerationInfo } from '../../src/main/core/remote/probe-hosts';
import type { HostOutcome } from '../../src/main/core/operations/host-outcome';
import { currentSystemOf, profileGenerationOf, readOnHost, useFleetSite } from '../helpers/fleet-site';
import { buildStorePath } from '../helpers/real-nix';

const { site, host, fleetDir } = useFleetSite('deploy');

const deployJson = (args: readonly string[]): { status: number; stderr: string; outcomes: HostOutcome[] } => {
  const r = site.cli(['deploy', ...args, '--json', '--confirm-timeout', '15']);
  return { status: r.status, stderr: r.stderr, outcomes: JSON.parse(r.text || '[]') as HostOutcome[] };
};
const generations = (name: string): GenerationInfo[] => JSON.parse(site.cli(['generations', name, '--json']).text) as GenerationInfo[];

/** The closure paths a host lacks now, and what their compressed NARs weigh in the cache. */
async function missingOn(name: string, toplevel: string): Promise<{ paths: string[]; bytes: number }> {
  const closure = await readHostClosure(cacheLayout(site.cacheRoot), toplevel);
  const all = closure.paths.map((p) => printStorePath(p.narinfo.storePath));
  const invalid = (
    await runOnHost(host(name), ['sh', '-c', 'xargs nix-store --check-validity --print-invalid'], { input: all.join('\n') })
  ).stdout
    .split('\n')
    .filter(Boolean);
  const bytes = closure.paths
    .filter((p) => invalid.includes(printStorePath(p.narinfo.storePath)))
    .reduce((n, p) => n + (p.narinfo.fileSize ?? 0), 0);
  return { paths: invalid, bytes };
}

describe('airlock deploy', () => {
  let first: Record<string, string>;

  it('first deploy of a bundle to 3 hosts: the paths verify in each store, a new generation runs, activated with switch', async () => {
    first = site.bundle(1, { host1: { version: '24.05.2' }, host2: { version: '24.05.2' }, host3: { version: '24.05.2' } });
    const { status, stderr, outcomes } = deployJson(['--all']);
    expect([status, stderr]).toEqual([0, '']);
    expect(outcomes.map((o) => [o.host, o.outcome, o.from.generation, o.to.generation, o.pushMethod])).toEqual([
      ['host1', 'succeeded', 1, 2, 'substitute'],
      ['host2', 'succeeded', 1, 2, 'substitute'],
      ['host3', 'succeeded', 1, 2, 'substitute'],
    ]);
    for (const name of ['host1', 'host2', 'host3']) {
      const h = host(name);
      const top = first[name] as string;
      const closure = (await runOnHost(h, ['nix-store', '-qR', top])).stdout.trim().split('\n');
      expect(closure.length).toBeGreaterThan(8);
      expect((await runOnHost(h, ['nix-store', '--verify-path', ...closure], { check: false })).code).toBe(0);
      expect(await profileGenerationOf(h)).toBe('system-2-link');
      expect(await currentSystemOf(h)).toBe(top);
      expect(await readOnHost(h, '/run/activation.log')).toMatch(new RegExp(`switch ${top} normal ok`));
      expect(generations(name)[0]).toMatchObject({ generation: 2, toplevel: top, current: true, default: true, booted: false });
    }
  });

  it('a second bundle that shares most paths sends exactly the NARs each host lacks', async () => {
    const second = site.bundle(2, { host1: { version: '24.05.3' }, host2: { version: '24.05.3' }, host3: { version: '24.05.3' } });
    const lacking = await missingOn('host1', second.host1 as string);
    const closureSize = (await readHostClosure(cacheLayout(site.cacheRoot), second.host1 as string)).paths.length;
    expect(lacking.paths.length).toBeGreaterThan(0);
    expect(lacking.paths.length).toBeLessThan(closureSize / 2);
    const { status, outcomes } = deployJson(['host1']);
    expect(status).toBe(0);
    expect(outcomes[0]).toMatchObject({
      host: 'host1',
      outcome: 'succeeded',
      to: { generation: 3 },
      pathsSent: lacking.paths.length,
      bytesSent: lacking.bytes,
    });
    expect(await missingOn('host1', second.host1 as string)).toEqual({ paths: [], bytes: 0 });
  });

  it('deploying again what a host runs changes nothing and says so', () => {
    const { status, outcomes } = deployJson(['host1']);
    expect(status).toBe(0);
    expect(outcomes[0]).toMatchObject({ outcome: 'unchanged', pathsSent: 0, to: { generation: 3 } });
  });

  it('rollback after two deploys goes to the recorded previous generation, not number − 1', async () => {
    // host2: generation 2 (bundle 1), then a deploy whose activation fails (generation 3, rolled back), then bundle 2 (generation 4).
    const broken = site.bundle(3, { host2: { version: '24.05.4', variant: 'fail-unit' } });
    const failed = deployJson(['host2', '--bundle', '3']);
    expect(failed.status).toBe(1);
    expect(failed.outcomes[0]).toMatchObject({ outcome: 'rolled-back', to: { generation: 3, toplevel: broken.host2 } });
    expect(failed.outcomes[0]?.reason).toMatch(/exited with status 4/);
    expect(failed.stderr).toMatch(
      /^airlock: 1 of 1 host\(s\) did not get there: host2 rolled back: switch-to-configuration switch exited with status 4/,
    );
    expect(await currentSystemOf(host('host2'))).toBe(first.host2);
    expect(await profileGenerationOf(host('host2'))).toBe('system-2-link');
    const audit = JSON.parse(site.cli(['audit', '--json']).text) as {
      action: string;
      subject: string;
      outcome: string;
      details: { why?: string };
    }[];
    expect(audit.filter((a) => a.action === 'host.deploy' && a.subject === 'host2').at(-1)).toMatchObject({
      outcome: 'failed',
      details: { why: expect.stringMatching(/status 4/) },
    });

    expect(deployJson(['host2', '--bundle', '2']).outcomes[0]).toMatchObject({
      outcome: 'succeeded',
      from: { generation: 2 },
      to: { generation: 4 },
    });
    const back = site.cli(['rollback', 'host2', '--reason', 'bundle 2 breaks the magnet PLC', '--json']);
    expect([back.status, back.stderr]).toEqual([0, '']);
    expect(JSON.parse(back.text)[0]).toMatchObject({
      outcome: 'succeeded',
      from: { generation: 4 },
      to: { generation: 2, toplevel: first.host2 },
    });
    expect(await currentSystemOf(host('host2'))).toBe(first.host2);
    expect(await profileGenerationOf(host('host2'))).toBe('system-2-link');
    // Again: back through history (generation 2 came from 1), never bouncing to 4.
    expect(JSON.parse(site.cli(['rollback', 'host2', '--json']).text)[0]).toMatchObject({
      outcome: 'succeeded',
      from: { generation: 2 },
      to: { generation: 1 },
    });
    const beyond = site.cli(['rollback', 'host2']);
    expect(beyond.status).toBe(1);
    expect(beyond.stderr).toMatch(
      /host2 failed: host2: no deployment record says what ran before generation 1; pick one with --to GENERATION/,
    );
  });

  it('--action boot moves the profile but not the running system; after a reboot the host runs it', async () => {
    const next = site.bundle(4, { host3: { version: '24.05.5' } });
    const { status, outcomes } = deployJson(['host3', '--action', 'boot']);
    expect(status).toBe(0);
    expect(outcomes[0]).toMatchObject({ outcome: 'succeeded', to: { generation: 3 }, rebootNeeded: true });
    const h3 = host('host3');
    expect(await currentSystemOf(h3)).toBe(first.host3);
    expect(await readOnHost(h3, '/run/airlock-boot-default')).toBe(`${next.host3}\n`);
    const table = site.cli(['host', 'probe', 'host3']);
    expect(table.text).toMatch(/host3\s+needs reboot/);
    await rebootHost(fleetDir, 'host3');
    const gens = generations('host3');
    expect(gens[0]).toMatchObject({ generation: 3, toplevel: next.host3, current: true, booted: true, default: true });
  });

  it('a second operation on a host that is busy is refused and names what holds it', async () => {
    site.bundle(5, { host1: { version: '24.05.6' } });
    const bin = resolve(import.meta.dirname, '../../bin/airlock.mjs');
    const firstRun = spawn(process.execPath, [bin, 'deploy', 'host1', '--json', '--data-dir', site.dataDir, '--cache', site.cacheRoot], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    firstRun.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const finished = new Promise<number | null>((r) => firstRun.on('close', r));
    // Wait until the first deploy holds the host (its lock row), then try a second.
    const dbFile = join(site.dataDir, 'airlock.db');
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(dbFile, { readonly: true, fileMustExist: true });
    for (let i = 0; i < 200 && !db.prepare("SELECT 1 FROM host_lock WHERE host = 'host1'").get(); i++)
      await new Promise((r) => setTimeout(r, 25));
    db.close();
    const second = site.cli(['rollback', 'host1', '--to', '1']);
    expect(second.status).toBe(1);
    expect(second.stderr).toMatch(
      new RegExp(`host1 is busy: deploy of fleet-5 started \\S+ by \\S+ \\(pid ${firstRun.pid}\\) is still running; wait for it to finish`),
    );
    expect(await finished).toBe(0);
    expect(JSON.parse(out)[0]).toMatchObject({ outcome: 'succeeded', to: { generation: 4 } });
    expect(readFileSync(join(host('host1').dir, 'run', 'activation.log'), 'utf8')).not.toMatch(/switch \S+24\.05\.1 /);
  });

  it('injection attempts in generation numbers, host names and options are refused; a store path with ? and = is quoted', async () => {
    const marker = join(tmpdir(), `airlock-pwned-${process.pid}`);
    const evil = [
      `1;touch ${marker}`,
      `$(touch ${marker})`,
      `\`touch ${marker}\``,
      `1\ntouch ${marker}`,
      `1'"`,
      '-1',
      '2 --delete',
      '0x10',
      '1e3',
    ];
    for (const e of evil) {
      const r = site.cli(['switch', 'host1', e]);
      expect([r.status, r.stderr], e).toEqual([2, expect.stringMatching(/^airlock: (GENERATION must be a generation number|.*option)/)]);
      expect(site.cli(['rollback', 'host1', '--to', e]).status, e).toBe(2);
      expect(site.cli(['deploy', 'host1', '--bundle', e]).status, e).toBe(2);
    }
    for (const name of [`-oProxyCommand=touch ${marker}`, `a;touch ${marker}`, `$(touch ${marker})`]) {
      for (const args of [
        ['deploy', name],
        ['switch', name, '1'],
        ['rollback', name],
        ['generations', name],
      ]) {
        const r = site.cli(args);
        expect(r.status, args.join(' ')).toBeGreaterThan(0);
        expect(r.stderr, args.join(' ')).toMatch(/^airlock: /);
      }
    }
    // Nix allows ? and = in store path names: such a path travels quoted, as one argument.
    const odd = buildStorePath('airlock-odd?name=1', '/bin/mkdir $out; echo odd > $out/odd');
    const next = site.bundle(6, { host3: { version: '24.05.6', extraPaths: [odd] } });
    expect(deployJson(['host3']).outcomes[0]).toMatchObject({ outcome: 'succeeded' });
    expect((await runOnHost(host('host3'), ['nix-store', '--verify-path', odd, next.host3 as string], { check: false })).code).toBe(0);
    expect(existsSync(marker)).toBe(false);
  });
});
