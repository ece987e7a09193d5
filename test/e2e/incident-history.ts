// A deployment history for the incident specs, made through the real CLI as
// an operator would: bundle 6 (NixOS 24.05.2) deployed to every host and
// confirmed healthy, then bundle 7 (24.05.3, kernel 6.6.60) deployed on top.
// Each host's last known good before the latest deployment is then
// generation 2, and the latest deployment (accel-ctl-7) changed all three.
import { join } from 'node:path';
import { buildStandInSystem } from '../../fleet/stand-in-system';

export const INCIDENT_VERSION = '24.05.3';

type Cli = (args: readonly string[]) => string;

/** Seals bundle 7 of new systems for `hosts`, imports it and deploys it to them: the latest deployment. */
export function deployBundle7(cli: Cli, stick: string, cacheRoot: string, keyFile: string, site: string, hosts: readonly string[]): string {
  const systems = hosts.flatMap((host) => [
    '--system',
    `${host}=${buildStandInSystem({ host, version: INCIDENT_VERSION, kernel: '6.6.60' })}`,
  ]);
  const seven = join(stick, `${site}-7.airlock`);
  cli([
    'bundle',
    'create',
    '--out',
    seven,
    '--site',
    site,
    '--sequence',
    '7',
    '--sign',
    keyFile,
    '--base',
    cacheRoot,
    '--description',
    `NixOS ${INCIDENT_VERSION}`,
    ...systems,
  ]);
  cli(['cache', 'import', seven, '--cache', cacheRoot]);
  cli(['deploy', ...hosts, '--bundle', '7', '--confirm-timeout', '20', '--cache', cacheRoot]);
  return seven;
}

export function deployTwice(
  cli: Cli,
  stick: string,
  cacheRoot: string,
  keyFile: string,
  site: string,
  deployBundle: string,
  hosts: readonly string[],
): string {
  cli(['cache', 'import', deployBundle, '--cache', cacheRoot]);
  cli(['deploy', '--all', '--bundle', '6', '--confirm-timeout', '20', '--cache', cacheRoot]);
  return deployBundle7(cli, stick, cacheRoot, keyFile, site, hosts);
}
