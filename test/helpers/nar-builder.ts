// A tiny NAR token writer for tests. Unlike the real writer it checks nothing:
// it writes whatever sequence of tokens it is given, in the order given, so
// tests can make deliberately malformed NARs — unsorted or duplicate entries,
// bad names, custom padding bytes, lengths that lie, stray bytes.
import { encodeNarString } from '../../src/main/core/nix/nar-wire';

/** Any NAR string written with a length prefix, bytes and padding of our choosing. */
export interface NarStringPiece {
  readonly kind: 'string';
  readonly bytes: Uint8Array;
  /** The length written in the prefix; defaults to the true one. */
  readonly length?: bigint;
  /** The padding written after the bytes; defaults to the right number of zeros. */
  readonly padding?: Uint8Array;
}

/** Bytes written as they are, with no length or padding. */
export interface NarRawPiece {
  readonly kind: 'raw';
  readonly bytes: Uint8Array;
}

/** A plain string or byte array is written as a well-formed NAR string. */
export type NarPiece = string | Uint8Array | NarStringPiece | NarRawPiece;

export function narString(value: string | Uint8Array, options: { length?: bigint; padding?: Uint8Array } = {}): NarStringPiece {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  return { kind: 'string', bytes, ...options };
}

export function narRaw(bytes: Uint8Array | string): NarRawPiece {
  return { kind: 'raw', bytes: typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes };
}

/** A bare little-endian u64 (a file's size before its contents, or a lying length with no bytes after it). */
export function narU64(value: bigint | number): NarRawPiece {
  const out = Buffer.alloc(8);
  out.writeBigUInt64LE(BigInt(value), 0);
  return narRaw(out);
}

function encodePiece(piece: NarPiece): Buffer {
  if (typeof piece === 'string' || piece instanceof Uint8Array) return encodeNarString(piece);
  if (piece.kind === 'raw') return Buffer.from(piece.bytes);
  const length = piece.length ?? BigInt(piece.bytes.length);
  const padding = piece.padding ?? Buffer.alloc((8 - (piece.bytes.length % 8)) % 8);
  const head = Buffer.alloc(8);
  head.writeBigUInt64LE(length, 0);
  return Buffer.concat([head, piece.bytes, padding]);
}

/** The bytes of a token sequence. */
export function narBytes(pieces: readonly NarPiece[]): Buffer {
  return Buffer.concat(pieces.map(encodePiece));
}

/** A file system object to write as NAR tokens; directory entries are written in the order given, unchecked. */
export type NarNode =
  | { readonly type: 'regular'; readonly contents: string | Uint8Array; readonly executable?: boolean }
  | { readonly type: 'symlink'; readonly target: string | Uint8Array }
  | { readonly type: 'directory'; readonly entries: readonly (readonly [name: string | Uint8Array, node: NarNode])[] };

/** The tokens of one node, from its '(' to its ')'. */
export function narNodeTokens(node: NarNode): NarPiece[] {
  // Appends to one array rather than spreading: a hostile NAR may nest thousands deep.
  const out: NarPiece[] = [];
  const add = (n: NarNode): void => {
    switch (n.type) {
      case 'regular':
        out.push('(', 'type', 'regular');
        if (n.executable) out.push('executable', '');
        // Contents are a NAR string too: size, bytes, zero padding.
        out.push('contents', n.contents, ')');
        return;
      case 'symlink':
        out.push('(', 'type', 'symlink', 'target', n.target, ')');
        return;
      case 'directory':
        out.push('(', 'type', 'directory');
        for (const [name, child] of n.entries) {
          out.push('entry', '(', 'name', name, 'node');
          add(child);
          out.push(')');
        }
        out.push(')');
        return;
    }
  };
  add(node);
  return out;
}

/** A whole NAR's tokens: the magic, then the root node. */
export function narTokens(root: NarNode): NarPiece[] {
  return ['nix-archive-1', ...narNodeTokens(root)];
}

/** A whole NAR's bytes. */
export function narOf(root: NarNode): Buffer {
  return narBytes(narTokens(root));
}

export const file = (contents: string | Uint8Array, executable = false): NarNode => ({ type: 'regular', contents, executable });
export const symlink = (target: string | Uint8Array): NarNode => ({ type: 'symlink', target });
export const dir = (...entries: (readonly [string | Uint8Array, NarNode])[]): NarNode => ({ type: 'directory', entries });

/** Feeds bytes to parseNar/restoreNar as a stream of chunks of `size` bytes (all at once by default). */
export async function* chunked(bytes: Uint8Array, size = bytes.length || 1): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** `depth` directories named 'd' nested in the root, with `leaf` at the bottom (its path has `depth` components). */
export function nested(depth: number, leaf: NarNode = dir()): NarNode {
  let node = leaf;
  for (let i = 0; i < depth; i++) node = dir(['d', node]);
  return node;
}

/** The bytes of `nested(depth, leaf)` made without recursion, for depths far past what a call stack holds. */
export function narNestedBytes(depth: number, leaf: NarNode = dir()): Buffer {
  const down = narBytes(['(', 'type', 'directory', 'entry', '(', 'name', 'd', 'node']);
  const up = narBytes([')', ')']);
  return Buffer.concat([
    narBytes(['nix-archive-1']),
    ...new Array<Buffer>(depth).fill(down),
    narBytes(narNodeTokens(leaf)),
    ...new Array<Buffer>(depth).fill(up),
  ]);
}

/** A NAR that is not canonical, the problem the reader must name, and (when there is one) the same NAR with the flaw fixed. */
export interface MalformedNar {
  readonly name: string;
  readonly bytes: Buffer;
  /** Matches NarFormatError.problem. */
  readonly problem: RegExp;
  /** Parse with expectedSize = the NAR's length. */
  readonly sized?: boolean;
  /**
   * The same archive with only the flaw fixed: it must be accepted, which shows
   * the refusal is due to the flaw and not to some other slip in the test NAR.
   */
  readonly fixed?: Buffer;
}

const MAX_U64 = 2n ** 64n - 1n;

/**
 * The catalogue of hostile NARs. `outside` is an absolute path outside the
 * restore target: escape attempts aim symlinks at it, so a restore that
 * followed one would write there.
 */
export function malformedNars(outside: string): MalformedNar[] {
  const named = (name: string | Uint8Array): Buffer => narOf(dir(['ok', file('fine')], [name, file('pwned')]));
  const fileWith = (contents: NarPiece, trailer: NarPiece[] = [')']): Buffer =>
    narBytes(['nix-archive-1', '(', 'type', 'regular', 'contents', contents, ...trailer]);
  return [
    { name: "an entry named '..'", bytes: named('..'), problem: /an entry is named '\.\.'/, fixed: named('pp') },
    {
      name: "an entry named '..' holding a tree",
      bytes: narOf(dir(['..', dir(['escaped', file('pwned')])])),
      problem: /an entry is named '\.\.'/,
    },
    { name: "an entry named '.'", bytes: named('.'), problem: /an entry is named '\.'/, fixed: named('p') },
    { name: 'an empty entry name', bytes: named(''), problem: /an entry name is empty/, fixed: named('p') },
    { name: "an entry name with '/'", bytes: named('p/q'), problem: /contains '\/'/, fixed: named('pq') },
    {
      name: "an entry name that climbs out with '../'",
      bytes: narOf(dir(['../escaped', file('pwned')])),
      problem: /contains '\/'/,
    },
    {
      name: "an entry name with a leading '/'",
      bytes: narOf(dir([`${outside}/pwned`, file('pwned')])),
      problem: /contains '\/'/,
    },
    { name: 'an entry name with a NUL byte', bytes: named('p\0q'), problem: /contains a NUL byte/, fixed: named('pq') },
    {
      name: 'unsorted entries',
      bytes: narOf(dir(['b', file('1')], ['a', file('2')])),
      problem: /entries are not sorted: 'a' comes after 'b'/,
      fixed: narOf(dir(['a', file('2')], ['b', file('1')])),
    },
    {
      // Byte order puts every upper-case letter before every lower-case one.
      name: 'entries sorted without regard to case',
      bytes: narOf(dir(['a', file('1')], ['B', file('2')])),
      problem: /entries are not sorted: 'B' comes after 'a'/,
      fixed: narOf(dir(['B', file('2')], ['a', file('1')])),
    },
    {
      // Byte order puts multi-byte UTF-8 after all of ASCII.
      name: 'entries sorted by something other than UTF-8 bytes',
      bytes: narOf(dir(['é', file('1')], ['z', file('2')])),
      problem: /entries are not sorted: 'z' comes after 'é'/,
      fixed: narOf(dir(['z', file('2')], ['é', file('1')])),
    },
    {
      name: 'duplicate entries',
      bytes: narOf(dir(['a', file('1')], ['a', file('2')])),
      problem: /entries are not sorted: 'a' appears twice/,
      fixed: narOf(dir(['a', file('1')], ['b', file('2')])),
    },
    {
      name: 'a directory and a file of the same name',
      bytes: narOf(dir(['a', dir(['x', file('1')])], ['a', file('2')])),
      problem: /'a' appears twice/,
    },
    {
      name: 'non-zero padding in a string',
      bytes: narBytes([
        'nix-archive-1',
        ...['(', 'type', 'directory', 'entry', '(', 'name'],
        narString('abc', { padding: Buffer.from([0, 0, 0, 0, 1]) }),
        ...['node', ...narNodeTokens(file('x')), ')', ')'],
      ]),
      problem: /padding bytes are not zero/,
      fixed: narOf(dir(['abc', file('x')])),
    },
    {
      name: 'non-zero padding in a tag',
      bytes: narBytes(['nix-archive-1', narString('(', { padding: Buffer.from('\0\0\0\0\0\0x') }), 'type', 'symlink', 'target', 't', ')']),
      problem: /padding bytes are not zero/,
      fixed: narOf(symlink('t')),
    },
    {
      name: 'non-zero padding after file contents',
      bytes: fileWith(narString('abc', { padding: Buffer.from([0, 0, 0, 0, 0x2a]) })),
      problem: /padding bytes are not zero/,
      fixed: narOf(file('abc')),
    },
    {
      name: 'file contents whose length runs past the end (size known)',
      bytes: fileWith(narString('abc', { length: 1000n })),
      sized: true,
      problem: /length 1000 runs past the end of the NAR/,
    },
    {
      name: 'file contents whose length runs past the end (size unknown)',
      bytes: fileWith(narString('abc', { length: 1000n })),
      problem: /the NAR ends inside a file \(\d+ of 1000 bytes\)/,
    },
    {
      name: 'a name whose length runs past the end (size known)',
      bytes: narBytes(['nix-archive-1', '(', 'type', 'directory', 'entry', '(', 'name', narString('abc', { length: 200n })]),
      sized: true,
      problem: /length 200 runs past the end of the NAR/,
    },
    {
      name: 'a name whose length runs past the end (size unknown)',
      bytes: narBytes(['nix-archive-1', '(', 'type', 'directory', 'entry', '(', 'name', narString('abc', { length: 200n })]),
      problem: /the NAR ends in the middle of an entry name/,
    },
    {
      name: 'file contents 2^64-1 bytes long',
      bytes: fileWith(narString('abc', { length: MAX_U64 })),
      problem: /length 18446744073709551615 is impossibly large/,
    },
    {
      name: 'file contents 2^64-1 bytes long (size known)',
      bytes: fileWith(narString('abc', { length: MAX_U64 })),
      sized: true,
      problem: /length 18446744073709551615 is impossibly large/,
    },
    {
      name: 'a name 2^64-1 bytes long',
      bytes: narBytes(['nix-archive-1', '(', 'type', 'directory', 'entry', '(', 'name', narString('abc', { length: MAX_U64 })]),
      problem: /length 18446744073709551615 is impossibly large/,
    },
    {
      name: 'a name longer than a file system allows',
      bytes: named('z'.repeat(256)),
      problem: /an entry name is 256 bytes long, more than 255/,
      fixed: named('z'.repeat(255)),
    },
    {
      name: 'an empty directory nested 257 deep',
      bytes: narOf(nested(257)),
      problem: /nested more than 256 deep/,
      fixed: narOf(nested(256)),
    },
    {
      name: 'a file nested 257 deep',
      bytes: narOf(nested(257, file('deep'))),
      problem: /nested more than 256 deep/,
      fixed: narOf(nested(256, file('deep'))),
    },
    {
      name: 'nesting far deeper than 256',
      bytes: narNestedBytes(5000),
      problem: /nested more than 256 deep/,
    },
    {
      name: "a symlink followed by an 'entry'",
      bytes: narBytes([
        'nix-archive-1',
        ...['(', 'type', 'symlink', 'target', outside],
        ...['entry', '(', 'name', 'pwned', 'node', ...narNodeTokens(file('pwned')), ')'],
        ')',
      ]),
      problem: /expected '\)', found 'entry'/,
      fixed: narOf(symlink(outside)),
    },
    {
      name: "a symlink 'a' to outside, then an entry 'a/b'",
      bytes: narOf(dir(['a', symlink(outside)], ['a/b', file('pwned')])),
      problem: /entry name 'a\/b' contains '\/'/,
      fixed: narOf(dir(['a', symlink(outside)], ['b', file('pwned')])),
    },
    {
      name: "a symlink 'a' to outside, then a directory 'a/sub'",
      bytes: narOf(dir(['a', symlink(outside)], ['a/sub', dir(['pwned', file('pwned')])])),
      problem: /entry name 'a\/sub' contains '\/'/,
    },
    {
      name: 'a symlink with contents',
      bytes: narBytes(['nix-archive-1', '(', 'type', 'symlink', 'target', 't', 'contents', 'x', ')']),
      problem: /expected '\)', found 'contents'/,
    },
    {
      name: 'an empty symlink target',
      bytes: narOf(symlink('')),
      problem: /a symlink has an empty target/,
    },
    {
      name: 'a symlink target with a NUL byte',
      bytes: narOf(symlink('a\0b')),
      problem: /a symlink target contains a NUL byte/,
    },
    {
      name: 'padding bytes after the end',
      bytes: Buffer.concat([narOf(file('x')), Buffer.alloc(8)]),
      problem: /there are bytes after the end of the archive/,
      fixed: narOf(file('x')),
    },
    {
      name: 'one byte after the end',
      bytes: Buffer.concat([narOf(dir(['a', file('x')])), Buffer.of(0)]),
      problem: /there are bytes after the end of the archive/,
    },
    {
      name: 'a second archive after the end',
      bytes: Buffer.concat([narOf(file('x')), narOf(file('y'))]),
      problem: /there are bytes after the end of the archive/,
    },
    {
      name: 'a wrong magic',
      bytes: narBytes(['nix-archive-2', ...narNodeTokens(file('x'))]),
      problem: /expected 'nix-archive-1', found 'nix-archive-2'/,
      fixed: narOf(file('x')),
    },
    {
      name: 'no magic at all',
      bytes: narBytes(narNodeTokens(file('x'))),
      problem: /expected 'nix-archive-1', found '\('/,
    },
    {
      name: 'a compressed file instead of a NAR',
      bytes: Buffer.from('28b52ffd0058610000', 'hex'),
      problem: /impossibly large|ends|more than/,
    },
    {
      name: 'an unknown type',
      bytes: narBytes(['nix-archive-1', '(', 'type', 'fifo', ')']),
      problem: /unknown entry type 'fifo'/,
    },
    {
      name: 'an unknown type inside a directory',
      bytes: narBytes(['nix-archive-1', '(', 'type', 'directory', 'entry', '(', 'name', 'a', 'node', '(', 'type', 'socket', ')', ')', ')']),
      problem: /unknown entry type 'socket'/,
    },
    {
      name: 'a non-empty executable marker',
      bytes: narBytes(['nix-archive-1', '(', 'type', 'regular', 'executable', 'x', 'contents', 'abc', ')']),
      problem: /the executable marker is 1 bytes long, more than 0/,
      fixed: narOf(file('abc', true)),
    },
    {
      name: 'a file with no contents tag',
      bytes: narBytes(['nix-archive-1', '(', 'type', 'regular', ')']),
      problem: /expected 'contents', found '\)'/,
    },
    {
      name: 'a directory entry with no name',
      bytes: narBytes(['nix-archive-1', '(', 'type', 'directory', 'entry', '(', 'node', ...narNodeTokens(file('x')), ')', ')']),
      problem: /expected 'name', found 'node'/,
    },
    {
      name: 'a directory missing its closing parenthesis',
      bytes: narBytes(['nix-archive-1', '(', 'type', 'directory', 'entry', '(', 'name', 'a', 'node', ...narNodeTokens(file('x')), ')']),
      problem: /the NAR ends in the middle of a length/,
    },
    {
      name: 'an empty stream',
      bytes: Buffer.alloc(0),
      problem: /the NAR ends in the middle of a length/,
    },
    {
      name: 'a length cut in half',
      bytes: narBytes(['nix-archive-1', narRaw(Buffer.of(1, 0, 0, 0))]),
      problem: /the NAR ends in the middle of a length/,
    },
  ];
}
