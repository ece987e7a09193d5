// Running commands for the test fleet: always an argv vector, never a shell
// string. The one shell involved is the fixed mount wrapper below, whose
// variable parts arrive as positional parameters ("$1"), never interpolated.
import { execFileSync, type ExecFileSyncOptions } from 'node:child_process';

/**
 * Nix 2.8 needs `nix copy` unlocked; the sandbox is off because builders call
 * /bin tools; and builds run as root itself, since Debian's nix-bin makes no
 * nixbld group (Nix run as root otherwise refuses every build without one).
 */
export const NIX_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  NIX_CONFIG: 'experimental-features = nix-command\nsandbox = false\nbuild-users-group =',
};

/** Runs argv and returns stdout; throws with the command and its stderr when it fails. */
export function run(argv: readonly string[], options: ExecFileSyncOptions = {}): string {
  const [cmd, ...args] = argv;
  if (!cmd) throw new Error('run(): empty argv');
  try {
    return execFileSync(cmd, args, { maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'], ...options, encoding: 'utf8' }) as string;
  } catch (err) {
    const e = err as { code?: string; stderr?: string; status?: number };
    if (e.code === 'ENOENT')
      throw new Error(`${cmd} is not installed (the test fleet needs nix-bin, openssh-server, util-linux)`, { cause: err });
    throw new Error(`${argv.join(' ')} failed (status ${e.status ?? '?'}): ${e.stderr?.trim() || String(err)}`, { cause: err });
  }
}

/** A host with users of its own (a nix-only host, nix-only-host.ts) sees its own /etc/passwd and /etc/group. */
const OWN_USERS =
  '{ [ ! -f "$1/etc/passwd" ] || { mount --bind "$1/etc/passwd" /etc/passwd && mount --bind "$1/etc/group" /etc/group; }; }';

/**
 * The argv that runs `inner` with the host's own /nix and /run bind-mounted
 * over the machine's, in a private mount namespace: the bind mounts vanish
 * with the last process of that namespace, so nothing global is ever mounted.
 */
export function inHostNamespace(hostDir: string, inner: readonly string[]): string[] {
  const wrapper = `mount --bind "$1/nix" /nix && mount --bind "$1/run" /run && ${OWN_USERS} && shift && exec "$@"`;
  return ['unshare', '--mount', '--propagation', 'private', 'sh', '-c', wrapper, 'airlock-fleet-host', hostDir, ...inner];
}

/**
 * As inHostNamespace, for what starts the host (its sshd): a boot of its own,
 * with a fresh boot id in /run/boot_id bind-mounted over the kernel's
 * /proc/sys/kernel/random/boot_id (as systemd-nspawn gives each container
 * boot its own), so whoever reads the real path on the host sees it change
 * at every reboot. The reboot stand-in (reboot-script.ts) rewrites the file in place.
 */
export function inBootedHostNamespace(hostDir: string, inner: readonly string[]): string[] {
  const wrapper =
    `mount --bind "$1/nix" /nix && mount --bind "$1/run" /run && ${OWN_USERS} && cat /proc/sys/kernel/random/uuid > /run/boot_id && ` +
    'mount --bind /run/boot_id /proc/sys/kernel/random/boot_id && shift && exec "$@"';
  return ['unshare', '--mount', '--propagation', 'private', 'sh', '-c', wrapper, 'airlock-fleet-host', hostDir, ...inner];
}

/** The fleet mounts and starts daemons: without root it must fail loudly, never skip. */
export function requireRoot(): void {
  const uid = process.getuid?.();
  if (uid !== 0) {
    throw new Error(
      `the Airlock test fleet needs root (unshare --mount, mount --bind, sshd); running as uid ${uid ?? 'unknown'}. ` +
        'Run it as root (the CI and development machines are root).',
    );
  }
}
