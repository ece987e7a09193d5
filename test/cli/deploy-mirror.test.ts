// `airlock deploy --mirror` on a real fleet whose hosts each sit behind a site
// link of their own (a network namespace: a host reaches the machine's end of
// its own link, not the others'). The offline cache is published to host1, and
// a real nginx serves that folder as it is on host2's link, so host2 reaches
// the mirror and host3 does not. host2 pulls its system from nginx (nothing
// but the command leaves the laptop: 0 bytes sent); host3, in the same
// deploy, is reported failed with the reason while host2 deploys; asked to,
// the laptop pushes host3 its system instead.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runOnHost } from '../../fleet/fleet';
import { freePort } from '../../fleet/free-port';
import type { HostOutcome } from '../../src/main/core/operations/host-outcome';
import { findTool } from '../../scripts/test-deps.mjs';
import { currentSystemOf, useFleetSite } from '../helpers/fleet-site';
import { tempDir } from '../helpers/tmp';

const nginx = findTool('nginx') as string | undefined;
const work = tempDir('airlock-deploy-mirror-');
const mirrorDir = join(work, 'pier');
const servers: ChildProcess[] = [];

afterAll(() => {
  for (const s of servers) if (s.exitCode === null) s.kill('SIGTERM');
});

/** nginx as a plain process (no daemon, no root-owned paths): static files from `root` on address:port, an access log. */
async function startNginx(address: string, port: number, root: string): Promise<string> {
  const dir = join(work, 'nginx');
  mkdirSync(dir, { recursive: true });
  const log = join(dir, 'access.log');
  const temp = (name: string): string => `${name}_temp_path ${join(dir, name)};`;
  writeFileSync(
    join(dir, 'nginx.conf'),
    [
      'daemon off;',
      // Workers run as this user, not nobody: the test's folders are private (mode 700), as an operator's need not be.
      `user ${userInfo().username};`,
      'worker_processes 1;',
      `pid ${join(dir, 'nginx.pid')};`,
      `error_log ${join(dir, 'error.log')};`,
      'events { worker_connections 64; }',
      'http {',
      `  access_log ${log};`,
      `  ${temp('client_body')} ${temp('proxy')} ${temp('fastcgi')} ${temp('uwsgi')} ${temp('scgi')}`,
      '  default_type application/octet-stream;',
      `  server { listen ${address}:${port}; root ${root}; }`,
      '}',
      '',
    ].join('\n'),
  );
  const child = spawn(nginx as string, ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  servers.push(child);
  for (let i = 0; i < 200; i++) {
    const ok = await fetch(`http://${address}:${port}/nix-cache-info`).then(
      (res) => res.ok,
      () => false,
    );
    if (ok) return log;
    if (child.exitCode !== null) throw new Error(`nginx exited ${child.exitCode}: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const errors = existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : '';
  throw new Error(`nginx did not answer on ${address}:${port}: ${stderr}${errors}`);
}

const outcomesOf = (text: string): HostOutcome[] => JSON.parse(text || '[]') as HostOutcome[];

describe.skipIf(!nginx)(
  'deploy --mirror through nginx on a fleet host (skipped: nginx is not installed; apt-get install nginx-light)',
  () => {
    const { site, host } = useFleetSite('deploy-mirror', 3, { link: { rate: '1gbit' } });
    let accessLog = '';
    let systems: Record<string, string> = {};

    it('host2 pulls its system from the mirror (0 bytes from the laptop); host3, which cannot reach it, fails with the reason', async () => {
      systems = site.bundle(1, { host2: { version: '24.05.2' }, host3: { version: '24.05.2' } });
      const link = host('host2').link;
      expect(link).toBeDefined();
      const address = link?.outsideAddress as string;
      const port = await freePort();
      const added = site.cli(['mirror', 'add', 'pier', '--url', `http://${address}:${port}`, '--host', 'host1', '--path', mirrorDir]);
      expect([added.status, added.stderr]).toEqual([0, '']);
      const published = site.cli(['mirror', 'publish', 'pier']);
      expect([published.status, published.stderr]).toEqual([0, '']);
      expect(existsSync(join(mirrorDir, 'nix-cache-info'))).toBe(true);
      accessLog = await startNginx(address, port, mirrorDir);

      const r = site.cli(['deploy', 'host2', 'host3', '--mirror', 'pier', '--confirm-timeout', '60', '--json']);
      expect(r.status).toBe(1);
      const [h2, h3] = outcomesOf(r.text);
      expect(h2).toMatchObject({ host: 'host2', outcome: 'succeeded', pushMethod: 'mirror', pathsSent: 0, bytesSent: 0 });
      expect(h2?.mirror).toMatchObject({ name: 'pier', url: `http://${address}:${port}`, problem: null });
      expect(h2?.mirror?.pathsFetched).toBeGreaterThan(0);
      expect(h2?.mirror?.bytesFetched).toBeGreaterThan(0);
      // The host's closure came from nginx: its narinfos and NARs are in nginx's log, fetched from host2's end of the link.
      const log = readFileSync(accessLog, 'utf8');
      expect(log).toMatch(/"GET \/[0-9a-z]{32}\.narinfo HTTP\/1\.1" 200/);
      expect(log).toMatch(/"GET \/nar\/\S+ HTTP\/1\.1" 200/);
      expect(log.split('\n').filter((l) => l.startsWith(host('host2').address)).length).toBeGreaterThan(0);
      expect(await currentSystemOf(host('host2'))).toBe(systems.host2);
      const verify = await runOnHost(host('host2'), ['nix-store', '--verify-path', systems.host2 as string], { check: false });
      expect([verify.code, verify.stderr.replace(/^warning: the group 'nixbld'.*\n/m, '')]).toEqual([0, '']);

      expect(h3).toMatchObject({ host: 'host3', outcome: 'failed', bytesSent: 0 });
      expect(h3?.reason).toMatch(
        /host3 cannot reach mirror pier \(http:\/\/[\d.]+:\d+\): unable to download 'http:\/\/[^']+': Couldn't connect to server/,
      );
      expect(h3?.reason).toMatch(/nothing was activated/);
      expect(await currentSystemOf(host('host3'))).toBe(host('host3').baseSystem);
      const human = site.cli(['deploy', 'host3', '--mirror', 'pier']);
      expect(human.status).toBe(1);
      expect(human.stderr).toMatch(/1 of 1 host\(s\) did not get there: host3 failed: host3 cannot reach mirror pier/);
    }, 600_000);

    it('with --mirror-fallback push, the laptop sends host3 its system after saying why the mirror would not do', async () => {
      const r = site.cli(['deploy', 'host3', '--mirror', 'pier', '--mirror-fallback', 'push', '--confirm-timeout', '60', '--json']);
      expect([r.status, r.stderr]).toEqual([0, '']);
      const [h3] = outcomesOf(r.text);
      expect(h3).toMatchObject({ host: 'host3', outcome: 'succeeded', pushMethod: 'substitute' });
      expect(h3?.bytesSent).toBeGreaterThan(0);
      expect(h3?.mirror?.problem).toMatch(/host3 cannot reach mirror pier/);
      expect(await currentSystemOf(host('host3'))).toBe(systems.host3);
      const audit = site.cli(['audit', '--json']);
      expect(audit.text).toMatch(/"pushMethod":\s*"substitute"/);
    }, 600_000);

    it('--mirror-fallback without --mirror, and an unknown mirror, are refused before anything is sent', () => {
      const alone = site.cli(['deploy', 'host2', '--mirror-fallback', 'push']);
      expect([alone.status, alone.stderr]).toEqual([2, expect.stringContaining('--mirror-fallback goes with --mirror NAME')]);
      const unknown = site.cli(['deploy', 'host2', '--mirror', 'harbour']);
      expect(unknown.status).toBe(1);
      expect(unknown.stderr).toContain("no mirror named 'harbour'");
    });
  },
);
