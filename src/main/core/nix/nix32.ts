// Nix's own base32 ("nix32"): a 32-letter alphabet without e, o, u, t, and the
// bytes read from the end, so that it matches what `nix-hash --to-base32` prints.
export const NIX32_ALPHABET = '0123456789abcdfghijklmnpqrsvwxyz';

const DIGIT_OF = new Map<string, number>([...NIX32_ALPHABET].map((c, i) => [c, i]));

export function nix32Length(byteLength: number): number {
  return Math.ceil((byteLength * 8) / 5);
}

export function encodeNix32(bytes: Uint8Array): string {
  const len = nix32Length(bytes.length);
  let out = '';
  for (let n = len - 1; n >= 0; n--) {
    const bit = n * 5;
    const i = Math.floor(bit / 8);
    const j = bit % 8;
    const low = (bytes[i] ?? 0) >> j;
    const high = i + 1 < bytes.length ? (bytes[i + 1] ?? 0) << (8 - j) : 0;
    out += NIX32_ALPHABET[(low | high) & 0x1f];
  }
  return out;
}

/** Decodes nix32 text into `byteLength` bytes; throws on a wrong letter, length or stray high bits. */
export function decodeNix32(text: string, byteLength: number): Buffer {
  if (text.length !== nix32Length(byteLength)) {
    throw new Error(`nix32 text must be ${nix32Length(byteLength)} characters, got ${text.length}`);
  }
  const out = Buffer.alloc(byteLength);
  for (let n = 0; n < text.length; n++) {
    const c = text[text.length - n - 1] as string;
    const digit = DIGIT_OF.get(c);
    if (digit === undefined) throw new Error(`'${c}' is not a nix32 character`);
    const bit = n * 5;
    const i = Math.floor(bit / 8);
    const j = bit % 8;
    out[i] = (out[i] as number) | ((digit << j) & 0xff);
    const carry = digit >> (8 - j);
    if (i + 1 < byteLength) out[i + 1] = (out[i + 1] as number) | carry;
    else if (carry !== 0) throw new Error(`nix32 text '${text}' has bits beyond ${byteLength} bytes`);
  }
  return out;
}

export function isNix32(text: string): boolean {
  for (const c of text) if (!DIGIT_OF.has(c)) return false;
  return true;
}
