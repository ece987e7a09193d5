// Deploys that go wrong, through the real CLI on a real fleet: a system that
// cuts the operator off (the host's watchdog rolls it back), one that drops
// every SSH session mid-activation (the detached activation finishes anyway),
// one that hangs, SSH killed mid-copy (nothing invalid left, the retry sends
// only the rest), a host that refuses port forwarding (the serve protocol),
// and a host key changed behind the app's back.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { rebootHost, runOnHost } from '../../fleet/fleet';
import { hostPaths } from '../../fleet/paths';
import { run } from '../../fleet/run';
import type { HostOutcome } from '../../src/main/core/operations/host-outcome';
import { currentSystemOf, profileGenerationOf, readOnHost, useFleetSite } from '../helpers/fleet-site';
import { buildStorePath } from '../helpers/real-nix';

const { site, host, fleetDir } = useFleetSite('deploy-faults');
const outcomesOf = (text: string): HostOutcome[] => JSON.parse(text || '[]') as HostOutcome[];

describe('deploy faults', () => {
  it('a system that stops sshd: unreachable, the host restores the previous generation itself, sshd is back, exit 1 "rolled back"', async () => {
    site.bundle(1, { host1: { version: '24.05.2', variant: 'stop-sshd' } });
    const h1 = host('host1');
    const started = Date.now();
    const r = site.cli(['deploy', 'host1', '--confirm-timeout', '8', '--json']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/host1 rolled back: no confirmation within 8s/);
    const [o] = outcomesOf(r.text);
    expect(o).toMatchObject({ outcome: 'rolled-back', from: { generation: 1 }, to: { generation: 2 } });
    expect(Date.now() - started).toBeLessThan(60_000);
    // Reachable again over a new connection, running generation 1, the profile back on it.
    expect(await currentSystemOf(h1)).toBe(h1.baseSystem);
    expect(await profileGenerationOf(h1)).toBe('system-1-link');
    expect(await readOnHost(h1, '/run/activation.log')).toMatch(/stopping sshd[\s\S]*switch \S+24\.05\.1 normal ok/);
  });

  it('a system that kills every SSH session mid-activation still finishes: the app reconnects, confirms, succeeds', async () => {
    const next = site.bundle(2, { host2: { version: '24.05.2', variant: 'kill-session' } });
    const r = site.cli(['deploy', 'host2', '--confirm-timeout', '20', '--json']);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(outcomesOf(r.text)[0]).toMatchObject({ outcome: 'succeeded', to: { generation: 2 } });
    expect(await currentSystemOf(host('host2'))).toBe(next.host2);
    expect(await readOnHost(host('host2'), '/run/activation.log')).toMatch(/killing the SSH sessions/);
  });

  it('an activation that hangs is stopped after --activation-timeout and rolled back', async () => {
    site.bundle(3, { host3: { version: '24.05.2', variant: 'hang' } });
    const r = site.cli(['deploy', 'host3', '--activation-timeout', '4', '--json']);
    expect(r.status).toBe(1);
    expect(outcomesOf(r.text)[0]).toMatchObject({
      outcome: 'rolled-back',
      reason: expect.stringMatching(/did not finish within 4s and was stopped/),
    });
    expect(await currentSystemOf(host('host3'))).toBe(host('host3').baseSystem);
  });

  it('SSH killed mid-copy: nothing invalid is left on the host, and the deploy again sends only the rest', async () => {
    // A chain of four 12 MB random blobs: Nix fetches a path only after what it refers to, so they come one by one.
    let blob = '';
    const blobs: string[] = [];
    for (let i = 1; i <= 4; i++) {
      blob = buildStorePath(
        `airlock-blob-${i}-${process.pid}`,
        `/bin/mkdir $out; /usr/bin/head -c 12000000 /dev/urandom > $out/data; echo $dep0 > $out/ref`,
        blob ? [blob] : [],
      );
      blobs.push(blob);
    }
    const systems = site.bundle(4, { host1: { version: '24.05.3', extraPaths: [blob] } });
    const bin = resolve(import.meta.dirname, '../../bin/airlock.mjs');
    const child = spawn(process.execPath, [bin, 'deploy', 'host1', '--json', '--data-dir', site.dataDir, '--cache', site.cacheRoot], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const closed = new Promise<number | null>((r) => child.on('close', r));
    const hostDb = new Database(join(hostPaths(host('host1').dir).nix, 'var/nix/db/db.sqlite'), { readonly: true });
    const validBlobs = (): number => blobs.filter((b) => hostDb.prepare('SELECT 1 FROM ValidPaths WHERE path = ?').get(b)).length;
    let killed = false;
    for (let i = 0; i < 3000 && !killed; i++) {
      if (validBlobs() >= 1) killed = killForwardingSsh(child.pid as number);
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(killed).toBe(true);
    expect(await closed).toBe(1);
    // The host's Nix notices the cut connection on its own time; let it finish dying.
    await new Promise((r) => setTimeout(r, 1500));
    expect(outcomesOf(out)[0]).toMatchObject({
      outcome: 'failed',
      reason: expect.stringMatching(/sending the system failed, nothing was activated/),
    });
    const landed = validBlobs();
    expect(landed).toBeGreaterThanOrEqual(1);
    expect(landed).toBeLessThan(4);
    hostDb.close();
    // Every path the host calls valid is whole; the cut one is not registered.
    const verify = await runOnHost(host('host1'), ['nix-store', '--verify', '--check-contents'], { check: false });
    expect(verify.stderr).not.toMatch(/corrupted|invalid|modified/);
    expect(await profileGenerationOf(host('host1'))).toBe('system-1-link');

    const again = site.cli(['deploy', 'host1', '--json']);
    expect([again.status, again.stderr]).toEqual([0, '']);
    const [o] = outcomesOf(again.text);
    const rest = blobs.slice(landed);
    const restBytes = rest.map((b) => narFileSize(b)).reduce((a, b) => a + b, 0);
    expect(o).toMatchObject({ outcome: 'succeeded', to: { toplevel: systems.host1 } });
    // The rest of the chain, plus the system's own new paths, and nothing that had landed.
    expect(o?.bytesSent).toBeGreaterThanOrEqual(restBytes);
    expect(o?.bytesSent).toBeLessThan(restBytes + 100_000);
    expect(o?.pathsSent).toBeGreaterThanOrEqual(rest.length);
  });

  it('Ctrl-C mid-copy cancels: the host being sent to and the host not started yet both stay on their old generation', async () => {
    let blob = '';
    const blobs: string[] = [];
    for (let i = 1; i <= 4; i++) {
      blob = buildStorePath(
        `airlock-cancel-blob-${i}-${process.pid}`,
        `/bin/mkdir $out; /usr/bin/head -c 12000000 /dev/urandom > $out/data; echo $dep0 > $out/ref`,
        blob ? [blob] : [],
      );
      blobs.push(blob);
    }
    site.bundle(5, { host3: { version: '24.05.8', extraPaths: [blob] }, host2: { version: '24.05.8' } });
    const before = { host2: await profileGenerationOf(host('host2')), host3: await profileGenerationOf(host('host3')) };
    const bin = resolve(import.meta.dirname, '../../bin/airlock.mjs');
    const child = spawn(
      process.execPath,
      [bin, 'deploy', 'host3', 'host2', '--parallel', '1', '--json', '--data-dir', site.dataDir, '--cache', site.cacheRoot],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const closed = new Promise<number | null>((r) => child.on('close', r));
    const hostDb = new Database(join(hostPaths(host('host3').dir).nix, 'var/nix/db/db.sqlite'), { readonly: true });
    for (let i = 0; i < 3000 && !blobs.some((b) => hostDb.prepare('SELECT 1 FROM ValidPaths WHERE path = ?').get(b)); i++)
      await new Promise((r) => setTimeout(r, 10));
    hostDb.close();
    child.kill('SIGINT');
    expect(await closed).toBe(1);
    expect(err).toMatch(/cancelling: hosts not yet activating are left as they are/);
    expect(outcomesOf(out).map((o) => [o.host, o.outcome])).toEqual([
      ['host3', 'cancelled'],
      ['host2', 'cancelled'],
    ]);
    expect(outcomesOf(out)[0]?.reason).toMatch(/cancelled while sending; host3 still runs what it ran/);
    expect({ host2: await profileGenerationOf(host('host2')), host3: await profileGenerationOf(host('host3')) }).toEqual(before);
  });

  it('a failing health check rolls the host back; checks that pass (a command on the host, a TCP port) confirm it', async () => {
    const h1 = host('host1');
    const before = await currentSystemOf(h1);
    expect(site.cli(['check', 'add', '--host', 'host1', '--tcp-port', String(h1.port), '--timeout', '5']).status).toBe(0);
    const veto = site.cli([
      'check',
      'add',
      '--host',
      'host1',
      '--command',
      '! grep -q 24.05.9 /run/current-system/nixos-version',
      '--json',
    ]);
    expect(veto.status).toBe(0);
    const vetoId = (JSON.parse(veto.text) as { id: number }).id;
    site.bundle(6, { host1: { version: '24.05.9' } });
    const refused = site.cli(['deploy', 'host1', '--json']);
    expect(refused.status).toBe(1);
    const [o] = outcomesOf(refused.text);
    expect(o).toMatchObject({
      outcome: 'rolled-back',
      reason: expect.stringMatching(/health check `! grep -q 24.05.9 \/run\/current-system\/nixos-version` failed \(exit 1\)/),
    });
    expect(o?.health.map((h) => [h.check, h.ok])).toEqual([
      [`tcp 127.0.0.1:${h1.port}`, true],
      ['! grep -q 24.05.9 /run/current-system/nixos-version', false],
    ]);
    expect(await currentSystemOf(h1)).toBe(before);

    expect(site.cli(['check', 'rm', String(vetoId)]).status).toBe(0);
    const ok = site.cli(['deploy', 'host1', '--json']);
    expect([ok.status, ok.stderr]).toEqual([0, '']);
    expect(outcomesOf(ok.text)[0]?.health).toEqual([{ check: `tcp 127.0.0.1:${h1.port}`, ok: true, detail: 'connected' }]);
    expect(site.cli(['check', 'ls']).text).toMatch(new RegExp(`host1\\s+tcp port ${h1.port}`));
  });

  it('a host that refuses port forwarding gets its system over the nix-store --serve protocol', async () => {
    const config = join(hostPaths(host('host2').dir).run, 'sshd_config');
    // sshd takes the first value it reads: replace the fleet's "yes", do not append.
    writeFileSync(config, readFileSync(config, 'utf8').replace('AllowTcpForwarding yes', 'AllowTcpForwarding no'));
    await rebootHost(fleetDir, 'host2');
    const next = site.bundle(7, { host2: { version: '24.05.3' } });
    const r = site.cli(['deploy', 'host2', '--json']);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(outcomesOf(r.text)[0]).toMatchObject({ outcome: 'succeeded', pushMethod: 'serve' });
    expect(await currentSystemOf(host('host2'))).toBe(next.host2);
  });

  it("a host key changed behind the app's back is refused before authenticating, naming both fingerprints", async () => {
    const h3 = host('host3');
    const keyFile = join(hostPaths(h3.dir).run, 'ssh_host_ed25519_key');
    rmSync(keyFile);
    rmSync(`${keyFile}.pub`);
    run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-f', keyFile]);
    const newFingerprint = run(['ssh-keygen', '-lf', `${keyFile}.pub`]).split(/\s+/)[1] as string;
    await rebootHost(fleetDir, 'host3');
    const activations = (): string[] => readdirSync(join(hostPaths(h3.dir).run, 'airlock'));
    const logBefore = readFileSync(join(hostPaths(h3.dir).run, 'activation.log'), 'utf8');
    const before = activations();
    site.bundle(8, { host3: { version: '24.05.4' } });
    const r = site.cli(['deploy', 'host3']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`host key of host3 has changed: pinned ${h3.hostKeyFingerprint}, now offered ssh-ed25519 ${newFingerprint}`);
    expect(r.stderr).toContain(`airlock host pin host3 --accept-host-key ${newFingerprint}`);
    expect(readFileSync(join(hostPaths(h3.dir).run, 'activation.log'), 'utf8')).toBe(logBefore);
    expect(activations()).toEqual(before);
  });
});

/** Kills the deploy's `ssh -R` (the push's own connection): a link that drops mid-copy. */
function killForwardingSsh(parent: number): boolean {
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (ppid === parent && cmdline[0] === 'ssh' && cmdline.includes('-R')) {
        process.kill(Number(pid), 'SIGKILL');
        return true;
      }
    } catch {
      // gone meanwhile
    }
  }
  return false;
}

function narFileSize(storePath: string): number {
  const hashPart = storePath.slice('/nix/store/'.length, '/nix/store/'.length + 32);
  const text = readFileSync(join(site.cacheRoot, 'cache', `${hashPart}.narinfo`), 'utf8');
  return Number(/^FileSize: (\d+)$/m.exec(text)?.[1]);
}
