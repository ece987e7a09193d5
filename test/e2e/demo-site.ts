// A real site for the browser specs and the screenshots: a fleet of real
// sshd+Nix hosts added to a data folder through the real CLI, and a folder
// standing in for a stick with an offline cache and two bundles on it (one
// valid, made by real Nix; one whose NAR file was damaged after signing).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFleet, stopFleet, type FleetState } from '../../fleet/fleet';
import { fleetPaths } from '../../fleet/paths';
import { buildStandInSystem } from '../../fleet/stand-in-system';
import { buildLinkedPaths } from '../helpers/nix-binary-cache';
import { makeNixBundle } from '../helpers/nix-made-bundle';
import { airlock } from '../helpers/run-cli';
import { deployTwice } from './incident-history';

export const SITE = 'accel-ctl';
/** Tags by host, so the Fleet's tag filter has something to filter. */
export const TAGS: Readonly<Record<string, readonly string[]>> = { host1: ['plc', 'line-a'], host2: ['plc', 'line-b'], host3: ['hmi'] };

export interface DemoSite {
  readonly work: string;
  readonly dataDir: string;
  readonly stick: string;
  readonly cacheRoot: string;
  readonly validBundle: string;
  readonly tamperedBundle: string;
  /** The deploy bundle (sequence 6: every host's system at NixOS 24.05.2, kernel 6.6.59), when asked for. */
  readonly deployBundle: string | null;
  readonly fleet: FleetState;
  readonly fleetDir: string;
  /** What `airlock serve` (or the Electron app) runs with. */
  readonly env: Readonly<Record<string, string>>;
  stop(): Promise<void>;
}

function cli(dataDir: string, args: readonly string[]): string {
  const r = airlock([...args, '--data-dir', dataDir]);
  if (r.status !== 0) throw new Error(`airlock ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.text;
}

/** Flips one byte in the middle of the bundle's largest NAR file: its FileHash no longer matches (rule 7). */
function damageNar(bundle: string): void {
  const narDir = join(bundle, 'cache', 'nar');
  const files = readdirSync(narDir).map((f) => ({ f, bytes: readFileSync(join(narDir, f)) }));
  const largest = files.sort((a, b) => b.bytes.length - a.bytes.length)[0];
  if (!largest) throw new Error(`${narDir} holds no NAR file`);
  const i = Math.floor(largest.bytes.length / 2);
  largest.bytes[i] = (largest.bytes[i] ?? 0) ^ 0xff;
  writeFileSync(join(narDir, largest.f), largest.bytes);
}

export interface DemoSiteOptions {
  readonly probeIntervalMs?: number;
  /**
   * A bundle of new stand-in systems for every host, sealed onto the stick
   * ('stick', for the UI to import) or also imported through the CLI ('import').
   * Sequence 6, above the others, so importing sequence 1 first still works.
   * 'incident': also deployed to every host, then bundle 7 on top (incident-history.ts).
   */
  readonly deployBundle?: 'stick' | 'import' | 'incident';
}

export const DEPLOY_VERSION = '24.05.2';

/** Builds each host's next system with real Nix and seals bundle 6 carrying them, as a build machine would. */
function sealDeployBundle(dataDir: string, stick: string, cacheRoot: string, keyFile: string, hosts: readonly string[]): string {
  const systems = hosts.flatMap((host) => ['--system', `${host}=${buildStandInSystem({ host, version: DEPLOY_VERSION })}`]);
  const out = join(stick, `${SITE}-6.airlock`);
  cli(dataDir, [
    'bundle',
    'create',
    '--out',
    out,
    '--site',
    SITE,
    '--sequence',
    '6',
    '--sign',
    keyFile,
    '--base',
    cacheRoot,
    '--description',
    `NixOS ${DEPLOY_VERSION}, kernel 6.6.59`,
    ...systems,
  ]);
  return out;
}

export async function setUpDemoSite(options: DemoSiteOptions = {}): Promise<DemoSite> {
  const work = mkdtempSync(join(tmpdir(), 'airlock-e2e-'));
  const dataDir = join(work, 'data');
  const stick = join(work, 'stick');
  const fleetDir = join(work, 'fleet');
  mkdirSync(stick, { recursive: true });
  const keyFile = join(work, 'build.sec');
  const pubFile = join(work, 'build.pub');
  cli(dataDir, ['keys', 'generate', '--name', 'accel-build-1', '--secret-key', keyFile, '--public-key', pubFile]);
  cli(dataDir, ['site', 'init', '--name', SITE, '--trust', pubFile]);
  const cacheRoot = join(stick, 'airlock');
  cli(dataDir, ['cache', 'init', cacheRoot]);

  const { top } = buildLinkedPaths();
  const validBundle = makeNixBundle(join(stick, `${SITE}-1.airlock`), {
    site: SITE,
    sequence: 1,
    host: 'host1',
    toplevel: top,
    compression: 'xz',
    keyFile,
  });
  const tamperedBundle = makeNixBundle(join(stick, `${SITE}-5.airlock`), {
    site: SITE,
    sequence: 5,
    host: 'host2',
    toplevel: top,
    compression: 'xz',
    keyFile,
  });
  damageNar(tamperedBundle);

  const fleet = await startFleet(3, { dir: fleetDir });
  let deployBundle: string | null = null;
  try {
    for (const h of fleet.hosts) {
      const tags = (TAGS[h.name] ?? []).flatMap((t) => ['--tag', t]);
      cli(dataDir, [
        'host',
        'add',
        h.name,
        '--address',
        h.address,
        '--port',
        String(h.port),
        '--identity',
        fleetPaths(fleetDir).clientKey,
        ...tags,
        '--accept-host-key',
        h.hostKeyFingerprint,
      ]);
    }
    if (options.deployBundle) {
      deployBundle = sealDeployBundle(
        dataDir,
        stick,
        cacheRoot,
        keyFile,
        fleet.hosts.map((h) => h.name),
      );
      if (options.deployBundle === 'import') cli(dataDir, ['cache', 'import', deployBundle, '--cache', cacheRoot]);
      if (options.deployBundle === 'incident')
        deployTwice(
          (args) => cli(dataDir, args),
          stick,
          cacheRoot,
          keyFile,
          SITE,
          deployBundle,
          fleet.hosts.map((h) => h.name),
        );
    }
  } catch (err) {
    await stopFleet(fleetDir);
    throw err;
  }
  return {
    work,
    dataDir,
    stick,
    cacheRoot,
    validBundle,
    tamperedBundle,
    deployBundle,
    fleet,
    fleetDir,
    env: {
      AIRLOCK_DATA_DIR: dataDir,
      AIRLOCK_MEDIA_ROOTS: stick,
      AIRLOCK_PROBE_INTERVAL_MS: String(options.probeIntervalMs ?? 2000),
      AIRLOCK_MEDIA_POLL_MS: '2000',
    },
    async stop() {
      await stopFleet(fleetDir);
      rmSync(work, { recursive: true, force: true });
    },
  };
}
