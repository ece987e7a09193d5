// The sshd of one simulated host. All paths are as the host sees them (its own
// folder is mounted at /run), so the same file works for every restart.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostPaths } from './paths';
import { run } from './run';

/** `address` is 127.0.0.1, or the host's own end of its slow site link. */
export function renderSshdConfig(port: number, address = '127.0.0.1'): string {
  return [
    "# sshd of an Airlock test-fleet host; /run is the host's own run folder.",
    `Port ${port}`,
    `ListenAddress ${address}`,
    'HostKey /run/ssh_host_ed25519_key',
    'AuthorizedKeysFile /run/authorized_keys',
    'PidFile /run/sshd.pid',
    // No PAM: there is no login stack for these hosts, and keys are the only way in.
    'UsePAM no',
    // The host folders live under /tmp with whatever modes mkdtemp gave them.
    'StrictModes no',
    'PermitRootLogin prohibit-password',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'AllowTcpForwarding yes',
    'Subsystem sftp internal-sftp',
    '',
  ].join('\n');
}

/**
 * Prepares the host's run folder: its own ed25519 host key (kept across
 * reboots, so pinning can be tested), the fleet's client key as the only
 * authorized key, and /run/sshd for privilege separation.
 */
export function prepareSshdRunDir(hostDir: string, port: number, clientPublicKey: string, address = '127.0.0.1'): void {
  const p = hostPaths(hostDir);
  mkdirSync(join(p.run, 'sshd'), { recursive: true, mode: 0o755 });
  if (!existsSync(p.hostKey)) run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', `airlock-fleet-${port}`, '-f', p.hostKey]);
  copyFileSync(clientPublicKey, join(p.run, 'authorized_keys'));
  writeFileSync(join(p.run, 'sshd_config'), renderSshdConfig(port, address));
}

/** The host key's public line ("ssh-ed25519 AAAA…"), for known_hosts. */
export function hostPublicKey(hostDir: string): string {
  const [type, key] = readFileSync(`${hostPaths(hostDir).hostKey}.pub`, 'utf8')
    .trim()
    .split(/\s+/);
  if (!type || !key) throw new Error(`unreadable host key in ${hostDir}`);
  return `${type} ${key}`;
}

/** "SHA256:…" as `ssh-keygen -lf` prints it. */
export function hostKeyFingerprint(hostDir: string): string {
  const fields = run(['ssh-keygen', '-lf', `${hostPaths(hostDir).hostKey}.pub`])
    .trim()
    .split(/\s+/);
  const fingerprint = fields[1];
  if (!fingerprint?.startsWith('SHA256:')) throw new Error(`unexpected ssh-keygen -lf output for ${hostDir}: ${fields.join(' ')}`);
  return fingerprint;
}

/** The fleet's one client key pair, made once per fleet folder. */
export function ensureClientKey(privateKey: string): void {
  if (existsSync(privateKey)) return;
  mkdirSync(join(privateKey, '..'), { recursive: true, mode: 0o700 });
  run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', 'airlock-fleet-client', '-f', privateKey]);
}
