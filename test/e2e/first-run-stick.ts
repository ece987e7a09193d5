// What an operator brings to a first run: a folder standing in for a stick
// that holds the build machine's public key and one bundle sealed by real Nix
// for host1 (NixOS 24.05.2 over the fleet's 24.05.1), and a fleet of real
// sshd+Nix hosts to add. The operator's data folder stays empty: the app sets
// up everything else.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFleet, stopFleet, type FleetState } from '../../fleet/fleet';
import { fleetPaths } from '../../fleet/paths';
import { buildStandInSystem } from '../../fleet/stand-in-system';
import { airlock } from '../helpers/run-cli';

export const FIRST_SITE = 'accel-ctl';
export const FIRST_VERSION = '24.05.2';

export interface FirstRunStick {
  /** The operator's data folder: empty. */
  readonly dataDir: string;
  readonly stick: string;
  /** The build machine's public key file, on the stick. */
  readonly publicKeyFile: string;
  readonly bundle: string;
  readonly fleet: FleetState;
  /** The SSH key the fleet's hosts let in as root. */
  readonly identity: string;
  readonly env: Readonly<Record<string, string>>;
  stop(): Promise<void>;
}

/** The build machine's side: its own scratch data folder, never the operator's. */
function buildMachine(buildDir: string, args: readonly string[]): void {
  const r = airlock([...args, '--data-dir', buildDir]);
  if (r.status !== 0) throw new Error(`airlock ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
}

export async function prepareFirstRun(hosts = 1): Promise<FirstRunStick> {
  const work = mkdtempSync(join(tmpdir(), 'airlock-first-run-'));
  const dataDir = join(work, 'data');
  const stick = join(work, 'stick');
  const build = join(work, 'build');
  const fleetDir = join(work, 'fleet');
  mkdirSync(stick, { recursive: true });
  mkdirSync(build, { recursive: true });
  const secretKey = join(build, 'build.sec');
  const publicKeyFile = join(stick, 'build.pub');
  buildMachine(build, ['keys', 'generate', '--name', 'accel-build-1', '--secret-key', secretKey, '--public-key', publicKeyFile]);
  const bundle = join(stick, `${FIRST_SITE}-1.airlock`);
  const system = buildStandInSystem({ host: 'host1', version: FIRST_VERSION });
  buildMachine(build, [
    'bundle',
    'create',
    '--out',
    bundle,
    '--site',
    FIRST_SITE,
    '--sequence',
    '1',
    '--sign',
    secretKey,
    '--description',
    `NixOS ${FIRST_VERSION}`,
    '--system',
    `host1=${system}`,
  ]);
  const fleet = await startFleet(hosts, { dir: fleetDir });
  return {
    dataDir,
    stick,
    publicKeyFile,
    bundle,
    fleet,
    identity: fleetPaths(fleetDir).clientKey,
    env: {
      AIRLOCK_DATA_DIR: dataDir,
      AIRLOCK_MEDIA_ROOTS: stick,
      AIRLOCK_PROBE_INTERVAL_MS: '2000',
      AIRLOCK_MEDIA_POLL_MS: '2000',
    },
    async stop() {
      await stopFleet(fleetDir);
      rmSync(work, { recursive: true, force: true });
    },
  };
}
