// Issue 14, "Scale, measured": a fleet of 50 loopback hosts plus a site
// mirror (nginx on a 51st host behind a 1 Gbit/s link of its own), one small
// realistic system (~24 MB of real binaries, 9.4 MB as zstd, in 51 paths) deployed with the
// real `airlock deploy`, its defaults otherwise (magic rollback on):
//   - to 1 host; to 10 hosts one after another (--parallel 1) and at once
//     (--parallel 10): at once must not take longer;
//   - to all 50 at once by push, and to all 50 at once through the mirror,
//     after `airlock mirror publish` gave the mirror the new release.
// Wall times are the whole command, timed from outside. The bytes that left
// the laptop are counted by the kernel (laptop-bytes.ts): every byte sent to
// a host's sshd, handshakes and all. The mirror's total (publish + deploy)
// is judged against one closure's compressed size. Every round deploys a
// system of its own, so no host ever already has what it is sent.
// AIRLOCK_BENCH_SCALE_HOSTS=N runs it smaller (N >= 5), for trying it out.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFleet, stopFleet, type FleetHost } from '../fleet/fleet';
import { fleetPaths } from '../fleet/paths';
import { FIXTURES, type Result } from './bench-lib';
import { narFilesOf } from './deploy-steps';
import { airlock, airlockRun, type Site } from './fixtures/deploy-site';
import { findNginx, startMirrorServer, type MirrorServer } from './fixtures/mirror-server';
import { smallSystem } from './fixtures/small-system';
import { bytesBetween, startByteMeter, type ByteMeter } from './laptop-bytes';

const SITE = 'scale';
const MIRROR_RATE = '1gbit';
const MIRROR_HOST = 'mirror';
const NIX_ENV = { ...process.env, NIX_CONFIG: 'experimental-features = nix-command' };

interface Outcome {
  readonly host: string;
  readonly outcome: string;
  readonly reason: string | null;
  readonly bytesSent: number;
  readonly mirror?: { readonly bytesFetched: number; readonly problem: string | null };
}

interface Round {
  readonly seconds: number;
  /** Kernel-counted bytes the laptop sent to the round's hosts. */
  readonly bytes: number;
  readonly outcomes: readonly Outcome[];
  readonly failed: readonly string[];
}

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(2)} MB`;
const kb = (bytes: number): string => `${(bytes / 1e3).toFixed(1)} kB`;

/** The key the benchmark's bundles are signed with, made once. */
function signingKey(): { keyFile: string; publicKey: string } {
  const dir = join(FIXTURES, 'small-system');
  mkdirSync(dir, { recursive: true });
  const keyFile = join(dir, 'scale.sec');
  if (!existsSync(keyFile))
    writeFileSync(keyFile, execFileSync('nix', ['key', 'generate-secret', '--key-name', 'scale-1'], { env: NIX_ENV }));
  const publicKey = execFileSync('nix', ['key', 'convert-secret-to-public'], { env: NIX_ENV, input: readFileSync(keyFile) })
    .toString()
    .trim();
  return { keyFile, publicKey };
}

function addFleetHost(site: Site, name: string, host: FleetHost, fleetDir: string): void {
  airlock([
    'host',
    'add',
    name,
    '--address',
    host.address,
    '--port',
    String(host.port),
    '--identity',
    fleetPaths(fleetDir).clientKey,
    '--accept-host-key',
    host.hostKeyFingerprint,
    '--data-dir',
    site.dataDir,
  ]);
}

/** `bundle create` of `systems` (host → toplevel), then `cache import` into the site. */
function importBundle(work: string, site: Site, key: string, sequence: number, systems: Record<string, string>): void {
  const out = join(work, `bundle-${sequence}.airlock`);
  const sys = Object.entries(systems).flatMap(([host, top]) => ['--system', `${host}=${top}:switch`]);
  airlock([
    'bundle',
    'create',
    '--out',
    out,
    '--site',
    SITE,
    '--sequence',
    String(sequence),
    '--sign',
    key,
    ...sys,
    '--from-store',
    '--compression',
    'zstd',
  ]);
  airlock(['cache', 'import', out, '--cache', site.cache, '--data-dir', site.dataDir]);
  rmSync(out, { recursive: true, force: true });
}

function parseOutcomes(stdout: string, why: () => string): Outcome[] {
  try {
    return JSON.parse(stdout) as Outcome[];
  } catch {
    throw new Error(why());
  }
}

function deploy(site: Site, meter: ByteMeter, hosts: readonly string[], parallel: number, extra: readonly string[] = []): Round {
  const args = [
    'deploy',
    ...hosts,
    '--bundle',
    'latest',
    '--action',
    'switch',
    '--parallel',
    String(parallel),
    '--json',
    '--data-dir',
    site.dataDir,
    '--cache',
    site.cache,
    ...extra,
  ];
  const before = meter.read();
  const start = process.hrtime.bigint();
  const r = airlockRun(args);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const bytes = bytesBetween(before, meter.read(), hosts);
  const outcomes = parseOutcomes(r.stdout, () => `airlock deploy printed no outcomes (status ${r.status}): ${r.stderr.trim()}`);
  const failed = outcomes.filter((o) => o.outcome !== 'succeeded').map((o) => `${o.host} ${o.outcome}: ${o.reason ?? ''}`);
  const label = `deploy to ${hosts.length} host(s), --parallel ${parallel}${extra.length ? ` ${extra.join(' ')}` : ''}`;
  console.log(
    `${label}: ${seconds.toFixed(2)} s, ${mb(bytes)} from the laptop, ${outcomes.length - failed.length}/${hosts.length} succeeded`,
  );
  for (const f of failed.slice(0, 5)) console.log(`  ${f}`);
  return { seconds, bytes, outcomes, failed };
}

/** Resident memory of the hosts' idle sshds (a host runs nothing else until a deploy connects). */
function sshdMemory(hosts: readonly FleetHost[]): number {
  return hosts.reduce((sum, h) => {
    const file = `/proc/${h.sshdPid}/status`;
    const rss = /VmRSS:\s+(\d+)/.exec(existsSync(file) ? readFileSync(file, 'utf8') : '')?.[1];
    return sum + Number(rss ?? 0) * 1024;
  }, 0);
}

function duBytes(dir: string): number {
  return Number(execFileSync('du', ['-sb', dir]).toString().split('\t')[0]);
}

function goal(name: string, value: string, ratio: number, text: string, met: boolean): Result {
  return { name, value, ratio: { value: ratio, goal: text, met } };
}

async function measure(work: string, targetsDir: string, mirrorDir: string, stopLater: (fn: () => unknown) => void): Promise<Result[]> {
  const n = Number(process.env.AIRLOCK_BENCH_SCALE_HOSTS ?? 50);
  if (!Number.isInteger(n) || n < 5 || n > 50) throw new Error(`AIRLOCK_BENCH_SCALE_HOSTS must be 5..50, got ${n}`);
  const ten = Math.min(10, Math.floor((n - 1) / 2));
  if (!findNginx())
    return [
      {
        name: 'deploy at scale',
        value: 'nginx missing',
        ratio: { value: NaN, goal: 'nginx installed (apt-get install nginx-light)', met: false },
      },
    ];

  const key = signingKey();
  const systems = {
    one: smallSystem('one'),
    row: smallSystem('row'),
    once: smallSystem('once'),
    push: smallSystem('push'),
    mirror: smallSystem('mirror'),
  };

  const fleetStart = process.hrtime.bigint();
  const targets = (await startFleet(n, { dir: targetsDir })).hosts;
  const mirrorHost = (await startFleet(1, { dir: mirrorDir, link: { rate: MIRROR_RATE } })).hosts[0] as FleetHost;
  const fleetSeconds = Number(process.hrtime.bigint() - fleetStart) / 1e9;
  const fleetMem = sshdMemory([...targets, mirrorHost]);
  const fleetDisk = duBytes(fleetPaths(targetsDir).hostsDir) + duBytes(fleetPaths(mirrorDir).hostsDir);
  console.log(
    `fleet: ${n} loopback hosts + 1 mirror host behind a ${MIRROR_RATE} link up in ${fleetSeconds.toFixed(1)} s, ${mb(fleetMem)} resident in their sshds, ${mb(fleetDisk)} on disk`,
  );

  const site: Site = { dataDir: join(work, 'data'), cache: join(work, 'cache') };
  airlock(['site', 'init', '--name', SITE, '--trust', key.publicKey, '--nix-trust', key.publicKey, '--data-dir', site.dataDir]);
  airlock(['cache', 'init', site.cache, '--data-dir', site.dataDir]);
  const names = targets.map((h) => h.name);
  targets.forEach((h) => addFleetHost(site, h.name, h, targetsDir));
  addFleetHost(site, MIRROR_HOST, mirrorHost, mirrorDir);

  const tag = createHash('sha256').update(work).digest('hex').slice(0, 6);
  const link = mirrorHost.link;
  if (!link) throw new Error('the mirror host came up without its site link');
  const meter = startByteMeter(`alm${tag}`, [
    ...targets.map((h) => ({ label: h.name, dev: 'lo', address: h.address, port: h.port })),
    { label: MIRROR_HOST, dev: link.vethOutside, address: mirrorHost.address, port: mirrorHost.port },
  ]);
  stopLater(() => meter.stop());

  // The mirror round first, while the offline cache holds only its release: what publish sends is that one closure.
  // It is also every host's first deploy (its first SSH connections, Airlock's first records on it): nothing it costs is hidden.
  importBundle(work, site, key.keyFile, 1, Object.fromEntries(names.map((h) => [h, systems.mirror])));
  const pier = join(work, 'pier');
  airlock([
    'mirror',
    'add',
    'pier',
    '--url',
    `http://${mirrorHost.address}:80`,
    '--host',
    MIRROR_HOST,
    '--path',
    pier,
    '--data-dir',
    site.dataDir,
  ]);
  const beforePublish = meter.read();
  const publishStart = process.hrtime.bigint();
  airlock(['mirror', 'publish', 'pier', '--data-dir', site.dataDir, '--cache', site.cache]);
  const publishSeconds = Number(process.hrtime.bigint() - publishStart) / 1e9;
  const publishBytes = bytesBetween(beforePublish, meter.read(), [MIRROR_HOST]);
  console.log(`mirror publish: ${publishSeconds.toFixed(2)} s, ${mb(publishBytes)} to the mirror host`);
  const server: MirrorServer = await startMirrorServer(mirrorHost, pier, join(work, 'nginx'));
  stopLater(() => server.stop());
  const viaMirror = deploy(site, meter, names, n, ['--mirror', 'pier']);
  const fetched = viaMirror.outcomes.reduce((s, o) => s + (o.mirror?.bytesFetched ?? 0), 0);
  const mirrorClosure = narFilesOf(site, systems.mirror).bytes;

  // Then by push, on hosts of their own: host1; the next `ten` one after another; the `ten` after them at once; all.
  const rowHosts = names.slice(1, 1 + ten);
  const onceHosts = names.slice(1 + ten, 1 + 2 * ten);
  importBundle(work, site, key.keyFile, 2, {
    [names[0] as string]: systems.one,
    ...Object.fromEntries(rowHosts.map((h) => [h, systems.row])),
    ...Object.fromEntries(onceHosts.map((h) => [h, systems.once])),
  });
  const one = deploy(site, meter, names.slice(0, 1), 1);
  const row = deploy(site, meter, rowHosts, 1);
  const once = deploy(site, meter, onceHosts, ten);

  importBundle(work, site, key.keyFile, 3, Object.fromEntries(names.map((h) => [h, systems.push])));
  const closure = narFilesOf(site, systems.push);
  console.log(`closure: ${closure.files.length} paths, ${mb(closure.narBytes)} as NARs, ${mb(closure.bytes)} compressed (zstd)`);
  const push = deploy(site, meter, names, n);
  const engineCount = push.outcomes.reduce((s, o) => s + o.bytesSent, 0);

  const mirrorTotal = publishBytes + viaMirror.bytes;
  const pushPerHost = push.bytes / n;
  const mirrorPerHost = mirrorTotal / n;
  const failed = [one, row, once, push, viaMirror].reduce((s, r) => s + r.failed.length, 0);
  const deployed = (r: Round, hosts: number): string => `${hosts - r.failed.length}/${hosts} ok`;
  return [
    { name: `fleet: ${n} hosts + mirror host, time to start`, value: `${fleetSeconds.toFixed(1)} s` },
    { name: 'fleet: memory (idle sshd) and disk per host', value: `${mb(fleetMem / (n + 1))} + ${mb(fleetDisk / (n + 1))}` },
    { name: `closure deployed in each round: ${closure.files.length} paths, compressed`, value: mb(closure.bytes) },
    { name: `deploy to 1 host (${deployed(one, 1)})`, value: `${one.seconds.toFixed(2)} s` },
    { name: `deploy to ${ten} hosts one after another, --parallel 1 (${deployed(row, ten)})`, value: `${row.seconds.toFixed(2)} s` },
    goal(
      `deploy to ${ten} hosts at once, --parallel ${ten} (${deployed(once, ten)}), vs in a row`,
      `${once.seconds.toFixed(2)} s`,
      once.seconds / row.seconds,
      '<= 1.00',
      once.seconds <= row.seconds,
    ),
    goal(
      `deploy to ${n} hosts at once by push (${deployed(push, n)}), growth vs ${ten}`,
      `${push.seconds.toFixed(2)} s`,
      push.seconds / once.seconds,
      `<= ${(n / ten).toFixed(2)} (linear)`,
      // Judged only when every host got there: failed hosts end early and would flatter the time.
      push.seconds / once.seconds <= n / ten && push.failed.length === 0 && once.failed.length === 0,
    ),
    { name: `deploy to ${n} hosts at once through the mirror (${deployed(viaMirror, n)})`, value: `${viaMirror.seconds.toFixed(2)} s` },
    { name: `mirror publish of the release (${MIRROR_RATE} link)`, value: `${publishSeconds.toFixed(2)} s` },
    goal(
      `push to ${n}: bytes that left the laptop, vs ${n} closures`,
      mb(push.bytes),
      push.bytes / (n * closure.bytes),
      '>= 1.00 (all counted)',
      push.bytes >= n * closure.bytes,
    ),
    { name: `push to ${n}: the engine's own count of bytes sent`, value: mb(engineCount) },
    { name: 'mirror: bytes to the mirror host (publish)', value: mb(publishBytes) },
    { name: `mirror: bytes to the ${n} hosts (deploy)`, value: mb(viaMirror.bytes) },
    { name: `mirror: bytes the ${n} hosts fetched from nginx`, value: mb(fetched) },
    goal(
      `bytes per host from the laptop: mirror ${kb(mirrorPerHost)}, push ${kb(pushPerHost)}`,
      `${kb(mirrorPerHost)}`,
      mirrorPerHost / pushPerHost,
      `<= ${(1.5 / n).toFixed(3)} (1.5/${n})`,
      mirrorPerHost / pushPerHost <= 1.5 / n,
    ),
    goal(
      'mirror: all bytes that left the laptop vs one closure',
      mb(mirrorTotal),
      mirrorTotal / mirrorClosure,
      '<= 1.50 (about one closure)',
      mirrorTotal <= 1.5 * mirrorClosure,
    ),
    goal('hosts that did not end up deployed, all rounds', String(failed), failed, '= 0', failed === 0),
  ];
}

export async function benchDeployScale(): Promise<Result[]> {
  const work = mkdtempSync(join(tmpdir(), 'airlock-bench-scale-'));
  const targetsDir = join(work, 'fleet');
  const mirrorDir = join(work, 'mirror-fleet');
  const later: (() => unknown)[] = [];
  // Fleets hold sshds, a netns and veths; the meter holds tc filters and a veth; nginx runs: stop them on Ctrl-C too.
  const cleanup = async (): Promise<void> => {
    for (const fn of later.reverse())
      await Promise.resolve()
        .then(fn)
        .catch((err: Error) => console.error(`cleaning up: ${err.message}`));
    for (const dir of [targetsDir, mirrorDir]) await stopFleet(dir).catch((err: Error) => console.error(`stopping ${dir}: ${err.message}`));
    rmSync(work, { recursive: true, force: true });
  };
  const onSignal = (): void => void cleanup().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await measure(work, targetsDir, mirrorDir, (fn) => later.push(fn));
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await cleanup();
  }
}
