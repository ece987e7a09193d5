// The NAR wire form shared by the writer and the reader: every string is a
// little-endian u64 length, the bytes, and zero padding to a multiple of 8.
export const NAR_MAGIC = 'nix-archive-1';
/** Deepest directory nesting accepted when reading (bundle-format.md). */
export const MAX_NAR_DEPTH = 256;
/** Longest file name a filesystem can hold (NAME_MAX), so the longest a real dump holds. */
export const MAX_NAME_BYTES = 255;
/** Longest symlink target Linux stores (PATH_MAX less the NUL). */
export const MAX_TARGET_BYTES = 4095;

export function padLength(length: number): number {
  return (8 - (length % 8)) % 8;
}

/** Encodes one NAR string (length, bytes, padding). */
export function encodeNarString(value: string | Uint8Array): Buffer {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  const out = Buffer.alloc(8 + bytes.length + padLength(bytes.length));
  out.writeBigUInt64LE(BigInt(bytes.length), 0);
  out.set(bytes, 8);
  return out;
}

export function encodeU64(value: number): Buffer {
  const out = Buffer.alloc(8);
  out.writeBigUInt64LE(BigInt(value), 0);
  return out;
}

/** Byte order comparison, as std::string's operator< (unsigned bytes). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(a, b);
}
