// Hashes in the forms Nix prints and accepts: `sha256:<nix32>`, `sha256:<base16>`,
// `sha256:<base64>` and SRI `sha256-<base64>`.
import { createHash, type Hash as NodeHash } from 'node:crypto';
import { decodeNix32, encodeNix32, nix32Length } from './nix32';

export type HashAlgorithm = 'md5' | 'sha1' | 'sha256' | 'sha512';

const SIZE: Record<HashAlgorithm, number> = { md5: 16, sha1: 20, sha256: 32, sha512: 64 };

export interface NixHash {
  readonly algorithm: HashAlgorithm;
  readonly digest: Buffer;
}

function isAlgorithm(text: string): text is HashAlgorithm {
  return Object.hasOwn(SIZE, text);
}

function decodeDigest(algorithm: HashAlgorithm, text: string): Buffer {
  const size = SIZE[algorithm];
  if (text.length === nix32Length(size)) return decodeNix32(text, size);
  if (text.length === size * 2 && /^[0-9a-fA-F]+$/.test(text)) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(text)) {
    const bytes = Buffer.from(text, 'base64');
    if (bytes.length === size && bytes.toString('base64') === text) return bytes;
  }
  throw new Error(`'${text}' is not a ${algorithm} hash in nix32, base16 or base64`);
}

/** Parses `algo:digest` or SRI `algo-base64`. */
export function parseHash(text: string): NixHash {
  const m = /^(md5|sha1|sha256|sha512)([:-])(.+)$/.exec(text);
  if (!m) throw new Error(`'${text}' is not a hash of the form sha256:… (md5, sha1, sha256 or sha512)`);
  const [, algo, sep, body] = m as unknown as [string, string, string, string];
  if (!isAlgorithm(algo)) throw new Error(`unknown hash algorithm '${algo}'`);
  if (sep === '-') {
    const digest = Buffer.from(body, 'base64');
    if (digest.length !== SIZE[algo] || digest.toString('base64') !== body) {
      throw new Error(`'${text}' is not a valid SRI ${algo} hash`);
    }
    return { algorithm: algo, digest };
  }
  return { algorithm: algo, digest: decodeDigest(algo, body) };
}

export type HashEncoding = 'nix32' | 'base16' | 'base64' | 'sri';

export function formatHash(hash: NixHash, encoding: HashEncoding = 'nix32'): string {
  switch (encoding) {
    case 'nix32':
      return `${hash.algorithm}:${encodeNix32(hash.digest)}`;
    case 'base16':
      return `${hash.algorithm}:${hash.digest.toString('hex')}`;
    case 'base64':
      return `${hash.algorithm}:${hash.digest.toString('base64')}`;
    case 'sri':
      return `${hash.algorithm}-${hash.digest.toString('base64')}`;
  }
}

export function hashesEqual(a: NixHash, b: NixHash): boolean {
  return a.algorithm === b.algorithm && a.digest.equals(b.digest);
}

/** A running sha256 that also counts bytes: what a NarHash/NarSize pair needs. */
export class Sha256Counter {
  private readonly hash: NodeHash = createHash('sha256');
  size = 0;

  update(chunk: Uint8Array): void {
    this.hash.update(chunk);
    this.size += chunk.length;
  }

  finish(): { readonly hash: NixHash; readonly size: number } {
    return { hash: { algorithm: 'sha256', digest: this.hash.digest() }, size: this.size };
  }
}
