// GC roots for the known good generations of a Nix profile (issue 12), beside
// the system's: /nix/var/nix/gcroots/airlock/profiles/<profile path>/lkg-<n>
// → that generation's store path, one folder per profile so profiles never
// touch each other's roots (nor the system's lkg-* links, a level up). On a
// multi-user Nix whose unprivileged user may not write the app's folder, the
// roots go under the user's own gcroots folder instead
// (/nix/var/nix/gcroots/per-user/USER/airlock/...), which Nix also walks.
// Only lkg-* links in the profile's own folder are ever removed.
import { LINK_AND_PRUNE_ROOTS, LKG_ROOT_DIR, rootArguments } from './lkg-roots';
import type { RemoteHost } from './remote-host';
import { SshError } from './ssh-errors';
import type { SshTransport } from './ssh-transport';
import type { RootedGeneration } from './lkg-roots';

const SYNC_SCRIPT = `
base=${LKG_ROOT_DIR}
if ! { mkdir -p "$base" 2>/dev/null && [ -w "$base" ]; }; then
  base=/nix/var/nix/gcroots/per-user/$(id -un)/airlock
fi
d="$base/profiles$1"; shift
${LINK_AND_PRUNE_ROOTS}echo "folder $d"
`;

export interface ProfileRootsResult {
  /** Generations whose roots were removed. */
  readonly removed: number[];
  /** The folder on the host that holds the profile's roots. */
  readonly folder: string;
}

function validated(profile: string, roots: readonly RootedGeneration[]): string[] {
  if (!/^\/[^\s\0]+$/.test(profile) || profile.split('/').includes('..')) throw new Error(`not a profile path: ${profile}`);
  return rootArguments(roots);
}

/** Makes `profile`'s known good roots on the host exactly `roots`. DESTRUCTIVE for the removed ones only. */
export async function replaceProfileLkgRoots(
  transport: SshTransport,
  host: RemoteHost,
  profile: string,
  roots: readonly RootedGeneration[],
): Promise<ProfileRootsResult> {
  const args = validated(profile, roots);
  const r = await transport.run(host, ['sh', '-c', SYNC_SCRIPT, 'airlock-profile-lkg', profile, ...args], { timeoutMs: 30_000 });
  if (r.code !== 0)
    throw new SshError(
      host.name,
      `${host.name}: could not update the known good GC roots of profile ${profile}: ${r.stderr.trim()}`,
      r.stderr,
    );
  const lines = r.stdout.split('\n');
  return {
    removed: lines.flatMap((l) => (/^removed (\d+)$/.exec(l) ? [Number(l.slice('removed '.length))] : [])),
    folder: lines.find((l) => l.startsWith('folder '))?.slice('folder '.length) ?? '',
  };
}
