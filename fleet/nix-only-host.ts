// A host that is not NixOS (issue 12): Nix and sshd only. No system profile,
// no /run/current-system, no switch-to-configuration, no systemd; one
// unprivileged login that owns the Nix install (a single-user Nix, as its
// installer leaves it) and so its per-user profiles under
// /nix/var/nix/profiles/per-user/USER/. The user lives in the host's own
// /etc/passwd, bind-mounted in the host's namespace (run.ts), so the machine's
// user database is never touched.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostPaths } from './paths';
import { inHostNamespace, NIX_ENV, run } from './run';

/** The unprivileged SSH user of every nix-only host. */
export const NIX_ONLY_USER = { name: 'epics', uid: 1500, gid: 1500 } as const;

/** Where that user's profiles live on the host. */
export const NIX_ONLY_PROFILES = `/nix/var/nix/profiles/per-user/${NIX_ONLY_USER.name}`;

/** The host's own user database: the machine's root (for the fleet's own checks) and the one unprivileged user. */
function writeUserDatabase(hostDir: string): void {
  const etc = join(hostDir, 'etc');
  mkdirSync(etc, { recursive: true });
  const { name, uid, gid } = NIX_ONLY_USER;
  writeFileSync(
    join(etc, 'passwd'),
    `root:x:0:0:root:/root:/bin/sh\nsshd:x:102:65534::/run/sshd:/usr/sbin/nologin\n${name}:*:${uid}:${gid}:${name}:/run/home/${name}:/bin/sh\n`,
  );
  writeFileSync(join(etc, 'group'), `root:x:0:\nnogroup:x:65534:\n${name}:x:${gid}:\n`);
}

/** Makes the host's empty store, its user, home and profile folder, all owned by that user. */
export function prepareNixOnlyHost(hostDir: string): void {
  const p = hostPaths(hostDir);
  mkdirSync(p.nix, { recursive: true });
  mkdirSync(p.run, { recursive: true });
  writeUserDatabase(hostDir);
  run(inHostNamespace(hostDir, ['nix-store', '--init']), { env: NIX_ENV });
  mkdirSync(join(p.profiles, 'per-user', NIX_ONLY_USER.name), { recursive: true });
  const home = join(p.run, 'home', NIX_ONLY_USER.name);
  mkdirSync(home, { recursive: true });
  // -R without -L: symlinks are chowned as links, never followed out of the host's folder.
  const owner = `${NIX_ONLY_USER.uid}:${NIX_ONLY_USER.gid}`;
  run(['chown', '-R', '-h', owner, p.nix, home]);
}
