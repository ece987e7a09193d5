// The NAR tools of the command line (they work without Nix): the NAR of a
// path (byte-identical to nix-store --dump), its hash, a NAR's entries
// (checked to be well formed), and unpacking one into a new folder.
import { dumpNar } from '../nix/nar-writer';
import { hashPathSync } from '../nix/nar-hash';
import { formatHash } from '../nix/hash';
import { parseNar, type NarEntry } from '../nix/nar-reader';
import { restoreNar } from '../nix/nar-restore';

export type ListedNarEntry = Exclude<NarEntry, { kind: 'end' }>;

/** The NAR of `path`, as chunks. */
export const narOf = (path: string): Iterable<Buffer> => dumpNar(path);

/** sha256:<nix32> of the NAR of `path` and its size; on the calling thread (a one-shot command has no event loop to keep free). */
export function hashOfPath(path: string): { narHash: string; narSize: number } {
  return hashPathSync(path);
}

/** The entries of a NAR, in order; a malformed NAR throws at the first fault. */
export async function* narEntries(stream: AsyncIterable<Buffer>, size: number): AsyncGenerator<ListedNarEntry> {
  for await (const entry of parseNar(stream, { expectedSize: size })) {
    if (entry.kind === 'end') return;
    yield entry;
  }
}

/** Unpacks a NAR into `target`, which must not exist; nothing is left there when the NAR is refused. */
export async function unpackNar(
  stream: AsyncIterable<Buffer>,
  size: number,
  target: string,
): Promise<{ narHash: string; narSize: number }> {
  const result = await restoreNar(stream, target, { expectedSize: size });
  return { narHash: formatHash(result.narHash), narSize: result.narSize };
}
