// `airlock mirror publish` against a real fleet host over real sshd: the
// offline cache lands in the host's folder in the plain binary cache layout, a
// real static server (python3 -m http.server) serves it as it is, and another
// fleet host's real Nix substitutes from it with require-sigs and the site's
// key (and refuses it with any other key). A publish cut mid-NAR leaves no
// narinfo for it and is continued by the next run; a NAR truncated on the
// mirror and a partial holding other bytes are repaired; a second publish
// copies nothing.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runOnHost } from '../../fleet/fleet';
import { freePort } from '../../fleet/free-port';
import { useFleetSite } from '../helpers/fleet-site';
import { buildStorePath } from '../helpers/real-nix';
import { tempDir } from '../helpers/tmp';

const { site, host } = useFleetSite('mirror', 2);
const mirrorDir = join(tempDir('airlock-mirror-dir-'), 'pier');
const servers: ChildProcess[] = [];

afterAll(() => {
  for (const s of servers) s.kill('SIGKILL');
});

interface Report {
  readonly copied: number;
  readonly skipped: number;
  readonly resumed: number;
  readonly bytes: number;
  readonly damaged: unknown[];
}

const narinfoField = (text: string, field: string): string => new RegExp(`^${field}: (.*)$`, 'm').exec(text)?.[1] ?? '';

/** Every narinfo on the mirror names a NAR that is there, whole: its size and sha256 as the narinfo says. */
function mirrorIsWhole(): { narinfos: number; nars: number } {
  const infos = readdirSync(mirrorDir).filter((f) => f.endsWith('.narinfo'));
  for (const f of infos) {
    const text = readFileSync(join(mirrorDir, f), 'utf8');
    const nar = join(mirrorDir, narinfoField(text, 'URL'));
    expect(existsSync(nar), `${f} names ${nar}`).toBe(true);
    expect(statSync(nar).size).toBe(Number(narinfoField(text, 'FileSize')));
    const hex = createHash('sha256').update(readFileSync(nar)).digest('hex');
    expect(narinfoField(text, 'FileHash')).toMatch(/^sha256:/);
    expect(hex, f).toBe(nixHashHex(narinfoField(text, 'FileHash')));
  }
  const nars = readdirSync(join(mirrorDir, 'nar')).filter((f) => !f.startsWith('.'));
  return { narinfos: infos.length, nars: nars.length };
}

/** sha256:<nix32> as hex through Nix's own decoder (nix-hash), not the engine's. */
function nixHashHex(hash: string): string {
  const known = hexOf.get(hash);
  if (known) return known;
  const hex = execFileSync('nix-hash', ['--type', 'sha256', '--to-base16', hash.slice('sha256:'.length)], { encoding: 'utf8' }).trim();
  hexOf.set(hash, hex);
  return hex;
}
const hexOf = new Map<string, string>();

const publish = (): Report => {
  const r = site.cli(['mirror', 'publish', 'pier', '--json']);
  expect([r.status, r.stderr.slice(-2000)]).toEqual([0, expect.any(String)]);
  return JSON.parse(r.text) as Report;
};

/** Kills the ssh child of `parent` that carries a mirror file (a link cut mid-NAR). */
function killPlacingSsh(parent: number): boolean {
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (ppid === parent && cmdline[0] === 'ssh' && cmdline.some((a) => a.includes("'place'"))) {
        process.kill(Number(pid), 'SIGKILL');
        return true;
      }
    } catch {
      // gone meanwhile
    }
  }
  return false;
}

const partials = (): string[] =>
  existsSync(join(mirrorDir, 'nar')) ? readdirSync(join(mirrorDir, 'nar')).filter((f) => f.startsWith('.partial-')) : [];

describe('airlock mirror publish', () => {
  const blobs: string[] = [];

  it('a publish cut mid-NAR leaves no narinfo for it; the next run continues the partial and ends whole and checked', async () => {
    // A chain of three 12 MB random blobs (nothing on the way makes them smaller) hung on host2's system.
    let blob = '';
    for (let i = 1; i <= 3; i++) {
      blob = buildStorePath(
        `airlock-mirror-blob-${i}-${process.pid}`,
        `/bin/mkdir $out; /usr/bin/head -c 12000000 /dev/urandom > $out/data; echo $dep0 > $out/ref`,
        blob ? [blob] : [],
      );
      blobs.push(blob);
    }
    site.bundle(1, { host2: { version: '24.05.2', extraPaths: [blob] } });
    const added = site.cli(['mirror', 'add', 'pier', '--url', 'http://127.0.0.1:1/pier', '--host', 'host1', '--path', mirrorDir]);
    expect([added.status, added.stderr]).toEqual([0, '']);

    const bin = resolve(import.meta.dirname, '../../bin/airlock.mjs');
    const child = spawn(process.execPath, [bin, 'mirror', 'publish', 'pier', '--data-dir', site.dataDir, '--cache', site.cacheRoot], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const closed = new Promise<number | null>((r) => child.on('close', r));
    let killed = false;
    for (let i = 0; i < 6000 && !killed; i++) {
      const big = partials().some((f) => statSync(join(mirrorDir, 'nar', f)).size > 1_000_000);
      if (big) killed = killPlacingSsh(child.pid as number);
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(killed).toBe(true);
    expect(await closed).toBe(1);
    expect(err).toMatch(/ssh to host1 was killed|host1/);
    // Let the host's end of the cut session finish: it keeps what arrived as the partial.
    await new Promise((r) => setTimeout(r, 1500));
    const [partial] = partials();
    expect(partial).toBeDefined();
    const cutAt = statSync(join(mirrorDir, 'nar', partial as string)).size;
    // Nothing names the unfinished NAR, and every narinfo there names a whole one.
    mirrorIsWhole();
    const cutNar = (partial as string).replace(/^\.partial-/, '').replace(/\.tmp$/, '');
    for (const f of readdirSync(mirrorDir).filter((n) => n.endsWith('.narinfo')))
      expect(readFileSync(join(mirrorDir, f), 'utf8')).not.toContain(cutNar);
    expect(out).not.toContain(cutNar);

    const report = publish();
    expect(report).toMatchObject({ resumed: 1, damaged: [] });
    expect(report.copied).toBeGreaterThan(3);
    // The continued NAR was not sent again from its start.
    expect(report.bytes).toBeLessThan(36_500_000 - cutAt + 2_000_000);
    expect(partials()).toEqual([]);
    const whole = mirrorIsWhole();
    expect(whole.narinfos).toBe(whole.nars);
    expect(readFileSync(join(mirrorDir, 'nix-cache-info'), 'utf8')).toContain('StoreDir: /nix/store');
  }, 300_000);

  it('publishing again copies nothing', () => {
    const report = publish();
    expect(report).toMatchObject({ copied: 0, bytes: 0, resumed: 0, damaged: [] });
    expect(report.skipped).toBeGreaterThan(6);
    const human = site.cli(['mirror', 'publish', 'pier']);
    expect(human.text).toMatch(/published to host1:\S+ \(http:\/\/127\.0\.0\.1:1\/pier\): 0 files copied \(0 B sent\), \d+ already there/);
  });

  it('a NAR truncated on the mirror and a partial holding other bytes are repaired, each checked on the host', () => {
    const nars = readdirSync(join(mirrorDir, 'nar'))
      .filter((f) => !f.startsWith('.'))
      .sort((a, b) => statSync(join(mirrorDir, 'nar', b)).size - statSync(join(mirrorDir, 'nar', a)).size);
    const [first, second] = nars as [string, string];
    truncateSync(join(mirrorDir, 'nar', first), 5_000_000);
    // The second one: gone from its real name, and a partial of the right length but wrong bytes in its place.
    const size = statSync(join(mirrorDir, 'nar', second)).size;
    writeFileSync(join(mirrorDir, 'nar', `.partial-${second}.tmp`), Buffer.alloc(Math.floor(size / 2), 0x55));
    rmSync(join(mirrorDir, 'nar', second));
    const r = site.cli(['mirror', 'publish', 'pier']);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.text).toContain(`continued from 4.8 MiB nar/${first}`);
    expect(r.text).toContain(`copied again whole (the partial there held other bytes) nar/${second}`);
    expect(partials()).toEqual([]);
    mirrorIsWhole();
  });

  it("another host's real Nix substitutes from the folder served as it is, with require-sigs and the site's key only", async () => {
    const port = await freePort();
    const server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', mirrorDir], {
      stdio: 'ignore',
    });
    servers.push(server);
    for (let i = 0; i < 100; i++) {
      const ok = await fetch(`http://127.0.0.1:${port}/nix-cache-info`).then(
        (res) => res.ok,
        () => false,
      );
      if (ok) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const siteKey = (JSON.parse(site.cli(['site', 'show', '--json']).text) as { nixKeys: { publicKey: string }[] }).nixKeys[0]
      ?.publicKey as string;
    const top = blobs.at(-1) as string;
    const substitute = (key: string) =>
      runOnHost(
        host('host2'),
        [
          'nix-store',
          '-r',
          top,
          '--option',
          'substituters',
          `http://127.0.0.1:${port}`,
          '--option',
          'trusted-public-keys',
          key,
          '--option',
          'require-sigs',
          'true',
        ],
        { check: false, timeoutMs: 120_000 },
      );

    const stranger = await substitute('stranger-1:ZmFrZWZha2VmYWtlZmFrZWZha2VmYWtlZmFrZWZha2U=');
    expect(stranger.code).not.toBe(0);
    expect((await runOnHost(host('host2'), ['nix-store', '--check-validity', top], { check: false })).code).not.toBe(0);

    const trusted = await substitute(siteKey);
    expect([trusted.code, trusted.stderr.slice(-1500)]).toEqual([0, expect.any(String)]);
    const verify = await runOnHost(host('host2'), ['nix-store', '--verify-path', ...blobs], { check: false });
    expect([verify.code, verify.stderr.replace(/^warning: the group 'nixbld'.*\n/m, '')]).toEqual([0, '']);
    expect((await runOnHost(host('host2'), ['nix-store', '-q', '--references', top])).stdout).toContain(blobs[1]);
  }, 180_000);
});
