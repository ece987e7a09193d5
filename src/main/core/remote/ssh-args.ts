// The system OpenSSH client's argument vector for one host. The operator's own
// ~/.ssh/config still applies (no -F): jump hosts and agents set up there keep
// working. What Airlock must control is forced with -o, which wins over it.
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { hostKeyAlias, type RemoteHost } from './remote-host';
import { remoteCommand } from './shell-quote';

export interface SshPaths {
  readonly dir: string;
  readonly knownHosts: string;
}

/** `<dataDir>/ssh`, made 0700 when missing: it holds pins and control sockets. */
export function sshPaths(dataDir: string): SshPaths {
  const dir = join(dataDir, 'ssh');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return { dir, knownHosts: join(dir, 'known_hosts') };
}

/** Unix socket paths are limited to about 104 bytes, and OpenSSH adds a 17-character suffix while it sets one up. */
const MAX_SOCKET_DIR = 104 - '/cm-'.length - 16 - 17;

/**
 * One shared connection per Airlock host name and connection. OpenSSH's %C
 * hashes only address, port and user: two names on one address would then
 * share a connection, and the second name's pinned key would never be checked.
 * A short hash of all four keeps the socket path within the limit; when the
 * data folder's own path is too long (macOS: ~/Library/Application Support/…),
 * the sockets live in a private folder under the temporary folder instead.
 */
export function controlPathFor(paths: SshPaths, host: Pick<RemoteHost, 'name' | 'address' | 'port' | 'user'>): string {
  const tag = createHash('sha256')
    .update(JSON.stringify([host.name, host.address, host.port, host.user]))
    .digest('hex')
    .slice(0, 16);
  let dir = paths.dir;
  if (dir.length > MAX_SOCKET_DIR) {
    dir = join(tmpdir(), `airlock-ssh-${process.getuid?.() ?? 'user'}`);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }
  return join(dir, `cm-${tag}`);
}

/** Everything before the destination: no prompts, only Airlock's pins, one shared connection. */
export interface ConnectionChoice {
  /** Its own connection, neither using nor becoming the shared one. */
  readonly fresh?: boolean | undefined;
}

export function sshOptions(host: RemoteHost, paths: SshPaths, choice: ConnectionChoice = {}): string[] {
  const shared = choice.fresh
    ? ['-o', 'ControlMaster=no', '-o', 'ControlPath=none']
    : ['-o', 'ControlMaster=auto', '-o', `ControlPath=${controlPathFor(paths, host)}`, '-o', 'ControlPersist=60'];
  const args = [
    '-o',
    'BatchMode=yes',
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    `UserKnownHostsFile=${paths.knownHosts}`,
    '-o',
    'GlobalKnownHostsFile=/dev/null',
    ...shared,
    '-o',
    'ServerAliveInterval=5',
    '-o',
    'ServerAliveCountMax=3',
    '-o',
    'ConnectTimeout=10',
    // Pins are per Airlock host name, not per address: two names on one address never share a pin.
    '-o',
    `HostKeyAlias=${hostKeyAlias(host.name)}`,
    '-p',
    String(host.port),
    '-l',
    host.user,
  ];
  if (host.identity !== undefined) args.push('-i', host.identity, '-o', 'IdentitiesOnly=yes');
  return args;
}

/** `ssh … -- ADDRESS 'quoted' 'argv'`: `--` ends ssh's options before anything host-given. */
export function sshRunArgv(host: RemoteHost, paths: SshPaths, argv: readonly string[], choice: ConnectionChoice = {}): string[] {
  return ['ssh', ...sshOptions(host, paths, choice), '--', host.address, remoteCommand(argv)];
}

export function sshExitMasterArgv(host: RemoteHost, paths: SshPaths): string[] {
  return ['ssh', ...sshOptions(host, paths), '-O', 'exit', '--', host.address];
}
