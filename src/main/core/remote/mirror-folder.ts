// A mirror's folder on a host, in the plain binary cache layout a static
// server serves as it is (nix-cache-info, <hash>.narinfo, nar/…). Transport
// only: what to send and in which order is decided in operations/.
//
// Every file lands under a temporary name (`.partial-<name>.tmp`, which no
// narinfo names and no `*.narinfo` / `nar/*.nar*` listing matches) and is
// renamed into place only after the host itself measured its size and
// sha256 and found them as expected: a file at its real name is always whole.
import type { RemoteHost } from './remote-host';
import { streamToHost } from './ssh-stream';
import type { SshTransport } from './ssh-transport';
import { SshError } from './ssh-errors';

export const MIRROR_PARTIAL_PREFIX = '.partial-';

/** The temporary name a mirror file is written under until it is checked. */
export function mirrorPartialName(file: string): string {
  const slash = file.lastIndexOf('/');
  return `${file.slice(0, slash + 1)}${MIRROR_PARTIAL_PREFIX}${file.slice(slash + 1)}.tmp`;
}

/** The real name a temporary one stands for, or undefined for anything else. */
export function mirrorFinalName(file: string): string | undefined {
  const slash = file.lastIndexOf('/');
  const base = file.slice(slash + 1);
  if (!base.startsWith(MIRROR_PARTIAL_PREFIX) || !base.endsWith('.tmp')) return undefined;
  return `${file.slice(0, slash + 1)}${base.slice(MIRROR_PARTIAL_PREFIX.length, -'.tmp'.length)}`;
}

export class MirrorFolderError extends SshError {
  override readonly name: string = 'MirrorFolderError';
}

// Makes the folder (and nar/) and lists every file in it, relative, with its size.
const LIST_SCRIPT = 'set -e; mkdir -p -- "$1/nar"; cd -- "$1"; find . -maxdepth 2 -type f -printf "%P\\t%s\\n"';

/** Files the mirror holds now (relative name → size); makes the folder when it is not there yet. */
export async function listMirrorFolder(transport: SshTransport, host: RemoteHost, dir: string): Promise<Map<string, number>> {
  const r = await transport.run(host, ['sh', '-c', LIST_SCRIPT, 'list', dir], { timeoutMs: 120_000 });
  if (r.code !== 0)
    throw new MirrorFolderError(
      host.name,
      `${host.name}: cannot make or list the mirror folder ${dir}: ${r.stderr.trim() || `exit ${r.code}`}`,
      r.stderr,
    );
  const files = new Map<string, number>();
  for (const line of r.stdout.split('\n')) {
    const tab = line.lastIndexOf('\t');
    if (tab > 0) files.set(line.slice(0, tab), Number(line.slice(tab + 1)));
  }
  return files;
}

/** Renames a file on the mirror (a truncated NAR becomes the partial it is, to be continued). */
export async function renameOnMirror(transport: SshTransport, host: RemoteHost, dir: string, from: string, to: string): Promise<void> {
  const r = await transport.run(host, ['sh', '-c', 'cd -- "$1" && mv -f -- "$2" "$3"', 'mv', dir, from, to], { timeoutMs: 60_000 });
  if (r.code !== 0) throw new MirrorFolderError(host.name, `${host.name}: cannot rename ${from} in ${dir}: ${r.stderr.trim()}`, r.stderr);
}

// Appends stdin to the partial file ("append") or replaces it ("replace"),
// flushes it, measures it on the host, and renames it into place only when
// size and sha256 are what the narinfo says. A short file is kept: after a cut
// link sshd ends our stdin and the script goes on to here, and that partial is
// what the next run continues. A whole-sized file with the wrong hash is
// removed (appending can never make it right) and what was measured is said.
const PLACE_SCRIPT = [
  'set -e',
  'cd -- "$1"',
  'if [ "$2" = append ]; then cat >> "$3"; else cat > "$3"; fi',
  'sync -- "$3" 2>/dev/null || true',
  's=$(stat -c %s -- "$3")',
  'if [ "$s" -lt "$5" ]; then echo "short $s -"; exit 0; fi',
  'h=$(sha256sum -- "$3" | cut -d " " -f 1)',
  'if [ "$s" = "$5" ] && [ "$h" = "$6" ]; then mv -f -- "$3" "$4"; echo "placed $s $h"; else rm -f -- "$3"; echo "mismatch $s $h"; fi',
].join('\n');

export interface PlaceRequest {
  readonly dir: string;
  /** Relative to dir, e.g. `nar/<hash>.nar.zst`. */
  readonly file: string;
  /** Continue the partial already there, or start it again. */
  readonly mode: 'append' | 'replace';
  readonly bytes: AsyncIterable<Uint8Array>;
  readonly size: number;
  readonly sha256Hex: string;
}

/** placed: whole, checked and at its real name; short: the partial holds fewer bytes (kept); mismatch: removed. */
export type PlaceResult =
  | { readonly outcome: 'placed' }
  | { readonly outcome: 'short'; readonly size: number }
  | { readonly outcome: 'mismatch'; readonly size: number; readonly sha256Hex: string };

/** Sends bytes into a file's partial name and has the host check and place it; a cut link throws, leaving the partial. */
export async function placeOnMirror(dataDir: string, host: RemoteHost, req: PlaceRequest, signal?: AbortSignal): Promise<PlaceResult> {
  const argv = [
    'sh',
    '-c',
    PLACE_SCRIPT,
    'place',
    req.dir,
    req.mode,
    mirrorPartialName(req.file),
    req.file,
    String(req.size),
    req.sha256Hex,
  ];
  const r = await streamToHost(dataDir, host, argv, req.bytes, signal ? { signal } : {});
  const answer = /^(placed|short|mismatch) (\d+) ([0-9a-f]{64}|-)$/m.exec(r.stdout);
  if (r.code !== 0 || !answer)
    throw new MirrorFolderError(
      host.name,
      `${host.name}: writing ${req.file} in ${req.dir} failed: ${r.stderr.trim() || `exit ${r.code}`}`,
      r.stderr,
    );
  const size = Number(answer[2]);
  if (answer[1] === 'placed') return { outcome: 'placed' };
  if (answer[1] === 'short') return { outcome: 'short', size };
  return { outcome: 'mismatch', size, sha256Hex: answer[3] as string };
}
