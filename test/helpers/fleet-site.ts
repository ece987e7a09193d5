// A site on the command line wired to a real fleet: a data folder with the
// site and its build key, an offline cache on a folder standing in for a
// stick, every fleet host added with its key pinned, and bundles of stand-in
// systems sealed and imported the way an operator would.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { fleetHost, runOnHost, startFleet, stopFleet, type FleetHost, type FleetState, type SiteLinkOptions } from '../../fleet/fleet';
import { fleetPaths } from '../../fleet/paths';
import { buildStandInSystem, type StandInSystemOptions } from '../../fleet/stand-in-system';
import { airlock, type CliResult } from './run-cli';
import { tempDir } from './tmp';

export interface FleetSite {
  readonly dataDir: string;
  readonly cacheRoot: string;
  readonly stick: string;
  /** Runs the CLI against this site's data folder and cache. */
  cli(args: readonly string[]): CliResult;
  /** Builds a system per host, seals bundle `sequence` carrying them, imports it. Returns the toplevels by host. */
  bundle(sequence: number, systems: Readonly<Record<string, Omit<StandInSystemOptions, 'host'>>>): Record<string, string>;
}

export function setUpFleetSite(work: string, fleet: FleetState, fleetDir: string): FleetSite {
  const dataDir = join(work, 'data');
  const stick = join(work, 'stick');
  const cacheRoot = join(stick, 'airlock');
  mkdirSync(stick, { recursive: true });
  const cli = (args: readonly string[]): CliResult => airlock([...args, '--data-dir', dataDir, '--cache', cacheRoot]);
  const ok = (args: readonly string[]): CliResult => {
    const r = cli(args);
    expect([r.status, r.stderr], args.join(' ')).toEqual([0, expect.any(String)]);
    return r;
  };
  const key = join(work, 'build.sec');
  ok(['keys', 'generate', '--name', 'fleet-build-1', '--secret-key', key, '--public-key', `${key}.pub`]);
  ok(['site', 'init', '--name', 'fleet', '--trust', `${key}.pub`]);
  ok(['cache', 'init', cacheRoot]);
  for (const h of fleet.hosts) ok(hostAddArgs(h, fleetDir));
  return {
    dataDir,
    cacheRoot,
    stick,
    cli,
    bundle(sequence, systems) {
      const toplevels: Record<string, string> = {};
      for (const [host, options] of Object.entries(systems)) toplevels[host] = buildStandInSystem({ host, ...options });
      const out = join(stick, `fleet-${sequence}.airlock`);
      const systemArgs = Object.entries(toplevels).flatMap(([host, top]) => ['--system', `${host}=${top}`]);
      ok([
        'bundle',
        'create',
        '--out',
        out,
        '--site',
        'fleet',
        '--sequence',
        String(sequence),
        '--sign',
        key,
        '--base',
        cacheRoot,
        ...systemArgs,
      ]);
      ok(['cache', 'import', out]);
      return toplevels;
    },
  };
}

/** Reads a file on a host over real ssh ('' when missing). */
/** `airlock host add` for a fleet host as an operator would type it: its address, the fleet's login key, its key pinned. */
export function hostAddArgs(h: FleetHost, fleetDir: string): string[] {
  return [
    'host',
    'add',
    h.name,
    '--address',
    h.address,
    '--port',
    String(h.port),
    // A nix-only host is reached as its own unprivileged user.
    ...(h.user ? ['--user', h.user] : []),
    '--identity',
    fleetPaths(fleetDir).clientKey,
    '--accept-host-key',
    h.hostKeyFingerprint,
  ];
}

export async function readOnHost(host: FleetHost, path: string): Promise<string> {
  return (await runOnHost(host, ['sh', '-c', 'cat "$1" 2>/dev/null || true', 'read', path])).stdout;
}

export async function currentSystemOf(host: FleetHost): Promise<string> {
  return (await runOnHost(host, ['readlink', '/run/current-system'])).stdout.trim();
}

export async function profileGenerationOf(host: FleetHost): Promise<string> {
  return (await runOnHost(host, ['readlink', '/nix/var/nix/profiles/system'])).stdout.trim();
}

export interface FleetSiteFixture {
  readonly fleetDir: string;
  /** The site, usable once the file's beforeAll has run. */
  readonly site: FleetSite;
  host(name: string): FleetHost;
}

/**
 * A test file's own fleet of `hosts` hosts with a site wired to it: started
 * before its tests, stopped (every pid) after. `systemd` boots a real systemd in each; `link` puts each
 * behind its own site link (a network namespace of its own: hosts reach the machine, not each other);
 * `nixOnly` makes hosts that are not NixOS (fleet/nix-only-host.ts), added with their own user.
 */
export function useFleetSite(
  name: string,
  hosts = 3,
  options: { readonly systemd?: boolean; readonly link?: SiteLinkOptions; readonly nixOnly?: boolean } = {},
): FleetSiteFixture {
  const work = tempDir(`airlock-cli-${name}-`);
  const fleetDir = mkdtempSync(join(tmpdir(), `airlock-${name}-fleet-`));
  let fleet: FleetState | undefined;
  let ready: FleetSite | undefined;
  const started = (): FleetSite => {
    if (!ready) throw new Error('the fleet site is used before its beforeAll ran');
    return ready;
  };
  beforeAll(async () => {
    fleet = await startFleet(hosts, {
      dir: fleetDir,
      ...(options.systemd ? { systemd: true } : {}),
      ...(options.link ? { link: options.link } : {}),
      ...(options.nixOnly ? { nixOnly: true } : {}),
    });
    ready = setUpFleetSite(work, fleet, fleetDir);
  }, 300_000);
  afterAll(async () => {
    await stopFleet(fleetDir);
    rmSync(fleetDir, { recursive: true, force: true });
  });
  const site: FleetSite = {
    get dataDir() {
      return started().dataDir;
    },
    get cacheRoot() {
      return started().cacheRoot;
    },
    get stick() {
      return started().stick;
    },
    cli: (args) => started().cli(args),
    bundle: (sequence, systems) => started().bundle(sequence, systems),
  };
  return {
    fleetDir,
    site,
    host: (n) => {
      started();
      return fleetHost(fleet as FleetState, n);
    },
  };
}
