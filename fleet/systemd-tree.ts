// The root folder a systemd fleet host boots (systemd-nspawn, systemd-host.ts):
// the machine's own /usr bound read-only, so the systemd that runs is the one
// installed here, and a tiny /etc of its own, so that only what a fleet host
// needs is started: sshd as a unit, and the units systemd itself brings.
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

/**
 * Units' PATH on a systemd fleet host. NixOS gives a transient unit a PATH
 * without nix-env or coreutils; the stand-in system's sw/bin has neither, so a
 * runner that leans on its unit's PATH fails here as it would on NixOS.
 */
export const UNIT_PATH = '/run/current-system/sw/bin';
export const SSHD_UNIT = 'sshd.service';

const SSHD_SERVICE = `[Unit]
Description=OpenSSH of an Airlock test-fleet host
[Service]
ExecStart=/usr/sbin/sshd -D -f /run/sshd_config
# As Debian's and NixOS's sshd: stopping the listener leaves the sessions alone.
KillMode=process
`;

const FLEET_TARGET = `[Unit]
Description=Airlock test-fleet host
Wants=${SSHD_UNIT}
`;

function write(root: string, path: string, text: string): void {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
}

/** Makes (once) and returns `<hostDir>/root`. */
export function prepareSystemdTree(hostDir: string): string {
  const root = join(hostDir, 'root');
  // default.target is made last: its presence means the tree is whole.
  if (existsSync(join(root, 'etc/systemd/system/default.target'))) return root;
  for (const dir of ['usr', 'nix', 'run', 'fleet-run', 'etc/systemd/system', 'var', 'tmp']) mkdirSync(join(root, dir), { recursive: true });
  // Merged /usr, as on Debian 12 and as systemd expects when only /usr is bound.
  for (const dir of ['bin', 'sbin', 'lib', 'lib64']) if (existsSync(`/usr/${dir}`)) symlinkSync(`usr/${dir}`, join(root, dir));
  write(root, 'etc/os-release', readFileSync('/usr/lib/os-release', 'utf8'));
  // A set machine id: no first-boot wizard, no preset run over /etc.
  write(root, 'etc/machine-id', `${randomBytes(16).toString('hex')}\n`);
  // root to log in as, sshd for privilege separation (uid as on the machine, which owns /usr).
  const users = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .filter((l) => /^(root|sshd|nobody):/.test(l));
  const groups = readFileSync('/etc/group', 'utf8')
    .split('\n')
    .filter((l) => /^(root|nogroup):/.test(l));
  if (!users.some((l) => l.startsWith('sshd:'))) throw new Error('the machine has no sshd user: install openssh-server');
  write(root, 'etc/passwd', `${users.join('\n')}\n`);
  write(root, 'etc/group', `${groups.join('\n')}\n`);
  write(root, 'etc/systemd/system.conf', `[Manager]\nDefaultEnvironment=PATH=${UNIT_PATH}\n`);
  write(root, `etc/systemd/system/${SSHD_UNIT}`, SSHD_SERVICE);
  write(root, 'etc/systemd/system/airlock-fleet.target', FLEET_TARGET);
  symlinkSync('airlock-fleet.target', join(root, 'etc/systemd/system/default.target'));
  return root;
}
