// The bytes of each request Airlock sends, field by field as nix-store.cc's
// opServe (Nix 2.8) reads them. NARs themselves are streamed separately.
import { formatHash } from '../../nix/hash';
import type { NarInfo } from '../../nix/narinfo';
import { printStorePath } from '../../nix/store-path';
import { EXPORT_MAGIC, ServeCommand, wireString, wireStrings, wireU64 } from './serve-wire';

const deriverOf = (info: NarInfo): string => (info.deriver ? printStorePath(info.deriver) : '');
const referencesOf = (info: NarInfo): string[] => info.references.map(printStorePath);

/** lock=false: Airlock holds no temporary roots; substitute=false: the host is offline by design. */
export function queryValidPathsRequest(paths: readonly string[]): Buffer {
  return Buffer.concat([wireU64(ServeCommand.QueryValidPaths), wireU64(0), wireU64(0), wireStrings(paths)]);
}

/**
 * Everything of AddToStoreNar before the NAR: path, deriver, NarHash (base16
 * without the algorithm, as legacy-ssh-store.cc writes it), references,
 * registration time (0: the remote uses its own clock), NarSize, ultimate
 * (false: the path was not built here), signatures and CA.
 */
export function addToStoreNarHeader(info: NarInfo): Buffer {
  return Buffer.concat([
    wireU64(ServeCommand.AddToStoreNar),
    wireString(printStorePath(info.storePath)),
    wireString(deriverOf(info)),
    wireString(formatHash(info.narHash, 'base16').replace(/^sha256:/, '')),
    wireStrings(referencesOf(info)),
    wireU64(0),
    wireU64(info.narSize),
    wireU64(0),
    wireStrings(info.sigs),
    wireString(info.ca ?? ''),
  ]);
}

export const importPathsStart = (): Buffer => wireU64(ServeCommand.ImportPaths);
/** `nix-store --export` puts a 1 before each path's NAR… */
export const exportItemStart = (): Buffer => wireU64(1);

/** …then the magic, the path, its references, its deriver and 0 (no legacy signature). */
export function exportItemTrailer(info: NarInfo): Buffer {
  return Buffer.concat([
    wireU64(EXPORT_MAGIC),
    wireString(printStorePath(info.storePath)),
    wireStrings(referencesOf(info)),
    wireString(deriverOf(info)),
    wireU64(0),
  ]);
}

/** A 0 where the next item's 1 would be ends the export. */
export const importPathsEnd = (): Buffer => wireU64(0);
