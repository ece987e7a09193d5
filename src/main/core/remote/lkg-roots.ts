// GC roots the app owns on a host: /nix/var/nix/gcroots/airlock/lkg-<generation>
// → that generation's toplevel. Nix treats a symlink into the store under
// gcroots as a root, so a known good system's closure survives
// `nix-collect-garbage` even after its profile generation was deleted, by
// hand or by cleaning. Only lkg-* links in the app's own folder are ever
// removed. Generations and toplevels travel as arguments, never in the script.
import { parseStorePath } from '../nix/store-path';
import type { RemoteHost } from './remote-host';
import { SshError } from './ssh-errors';
import type { SshTransport } from './ssh-transport';

export const LKG_ROOT_DIR = '/nix/var/nix/gcroots/airlock';

export interface RootedGeneration {
  readonly generation: number;
  readonly toplevel: string;
}

/**
 * The shell that makes folder "$d" hold exactly the lkg-N links given as
 * "N STOREPATH" argument pairs: each made or repointed, every other lkg-* link
 * removed and named on a "removed N" line. The system's roots and each
 * profile's use it, each with its own folder.
 */
export const LINK_AND_PRUNE_ROOTS = `mkdir -p "$d" || exit 1
keep=" "
while [ $# -ge 2 ]; do
  ln -sfn "$2" "$d/lkg-$1" || exit 1
  keep="$keep$1 "; shift 2
done
for f in "$d"/lkg-*; do
  [ -L "$f" ] || continue
  n=\${f##*/lkg-}
  case "$keep" in *" $n "*) ;; *) rm -f "$f" && echo "removed $n" ;; esac
done
`;

const SYNC_SCRIPT = `
d=${LKG_ROOT_DIR}
${LINK_AND_PRUNE_ROOTS}`;

/** The roots as "N STOREPATH" argument pairs, each checked: a generation number and a store path, nothing else reaches the shell. */
export function rootArguments(roots: readonly RootedGeneration[]): string[] {
  return roots.flatMap((r) => {
    if (!Number.isSafeInteger(r.generation) || r.generation < 1) throw new Error(`not a generation number: ${String(r.generation)}`);
    parseStorePath(r.toplevel);
    return [String(r.generation), r.toplevel];
  });
}

/**
 * Makes the host's app-owned roots exactly `roots`: each one made (or
 * repointed), every other lkg-* link removed. DESTRUCTIVE for the removed
 * ones only: their closures may go at the host's next garbage collection,
 * unless a profile generation still holds them. Returns the generations whose
 * roots were removed.
 */
export async function replaceLkgRoots(transport: SshTransport, host: RemoteHost, roots: readonly RootedGeneration[]): Promise<number[]> {
  const r = await transport.run(host, ['sh', '-c', SYNC_SCRIPT, 'airlock-lkg', ...rootArguments(roots)], { timeoutMs: 30_000 });
  if (r.code !== 0)
    throw new SshError(
      host.name,
      `${host.name}: could not update the known good GC roots in ${LKG_ROOT_DIR}: ${r.stderr.trim()}`,
      r.stderr,
    );
  return r.stdout.split('\n').flatMap((l) => (/^removed (\d+)$/.exec(l) ? [Number(l.slice('removed '.length))] : []));
}
