// The `nix-store --serve` wire format (NixOS/nix src/libstore/serve-protocol.hh,
// as of Nix 2.8): every integer is a little-endian u64, every string a NAR
// string (length, bytes, zero padding to 8), every set a count and its strings.
import { encodeNarString, encodeU64 } from '../../nix/nar-wire';

export const SERVE_MAGIC_1 = 0x390c9deb;
export const SERVE_MAGIC_2 = 0x5452eecb;
/** What `nix-store --export` puts between a NAR and the path it describes. */
export const EXPORT_MAGIC = 0x4558494e;

/**
 * The version Airlock announces. The server only consults the client's minor
 * version for build commands and QueryPathInfos; 5 is the first version whose
 * server knows AddToStoreNar, everything Airlock uses.
 */
export const CLIENT_VERSION = 0x205;
/** legacy-ssh-store.cc sends AddToStoreNar only when the remote's minor version is at least 5; older ones get ImportPaths. */
export const ADD_TO_STORE_NAR_MINOR = 5;

export const protocolMajor = (version: number): number => version & 0xff00;
export const protocolMinor = (version: number): number => version & 0x00ff;

/** The commands Airlock sends (ServeCommand in serve-protocol.hh). */
export const ServeCommand = {
  QueryValidPaths: 1,
  ImportPaths: 4,
  AddToStoreNar: 9,
} as const;

export const wireU64 = encodeU64;
export const wireString = encodeNarString;

/** A std::set<std::string>: Nix reads a set, so order does not matter; sorted for reproducible bytes. */
export function wireStrings(values: Iterable<string>): Buffer {
  const sorted = [...new Set(values)].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return Buffer.concat([encodeU64(sorted.length), ...sorted.map((v) => encodeNarString(v))]);
}
