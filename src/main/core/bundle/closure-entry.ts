// One store path of a closure being bundled, wherever it comes from (the local
// Nix store or a binary cache folder), as the manifest and a narinfo need it.
import type { ManifestPath } from './manifest-schema';

export interface ClosureEntry {
  /** The full store path. */
  readonly path: string;
  /** `sha256:<nix32>`. */
  readonly narHash: string;
  readonly narSize: number;
  /** Store path base names, sorted in byte order. */
  readonly references: readonly string[];
  /** Base name of the deriver, when known. */
  readonly deriver?: string;
  /** A content address (narinfo CA), when the path has one. */
  readonly ca?: string;
}

export function manifestPathOf(e: ClosureEntry): ManifestPath {
  return { path: e.path, narHash: e.narHash, narSize: e.narSize, references: e.references };
}

/** Byte order by store path, as the manifest lists paths. */
export function byStorePath(a: { readonly path: string }, b: { readonly path: string }): number {
  return Buffer.compare(Buffer.from(a.path), Buffer.from(b.path));
}
