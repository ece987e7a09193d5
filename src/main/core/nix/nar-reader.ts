// A streaming NAR parser that accepts only the canonical form `nix-store --dump`
// writes (bundle-format.md, "well-formed NAR"), hashing every byte as it reads.
// File contents are handed out as slices of the incoming stream, never gathered.
import { ByteSource } from './byte-source';
import { Sha256Counter, type NixHash } from './hash';
import { MAX_NAME_BYTES, MAX_NAR_DEPTH, MAX_TARGET_BYTES, NAR_MAGIC, padLength } from './nar-wire';
import { entryNameProblem, joinEntryPath, NarFormatError } from './nar-format-error';
import { quoteUntrusted as quoted } from '../../../shared/untrusted-text';

export { NarFormatError } from './nar-format-error';

export type NarEntry =
  | { readonly kind: 'directory'; readonly path: Buffer }
  | {
      readonly kind: 'file';
      readonly path: Buffer;
      readonly executable: boolean;
      readonly size: number;
      /** The file's bytes; read them before asking for the next entry (unread bytes are skipped). */
      readonly contents: AsyncIterable<Buffer>;
    }
  | { readonly kind: 'symlink'; readonly path: Buffer; readonly target: Buffer }
  | { readonly kind: 'end'; readonly narHash: NixHash; readonly narSize: number };

export interface ParseNarOptions {
  /** The NAR's size when known (a file's size, a narinfo's NarSize): lengths past it are refused at once. */
  readonly expectedSize?: number;
}

class NarParser {
  private readonly counter = new Sha256Counter();
  private readonly src: ByteSource;
  private path: Buffer = Buffer.alloc(0);

  constructor(
    source: AsyncIterable<Uint8Array>,
    private readonly options: ParseNarOptions,
  ) {
    this.src = ByteSource.from(source, (b) => this.counter.update(b));
  }

  private fail(problem: string): never {
    throw new NarFormatError(problem, this.src.offset, this.path.toString('utf8'));
  }

  private async readU64(): Promise<number> {
    const bytes = await this.src.readExact(8);
    if (!Buffer.isBuffer(bytes)) this.fail('the NAR ends in the middle of a length');
    const value = bytes.readBigUInt64LE(0);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) this.fail(`length ${value} is impossibly large`);
    return Number(value);
  }

  /** Refuses a length that runs past the known end of the NAR before reading it. */
  private checkFits(length: number): void {
    const { expectedSize } = this.options;
    const end = this.src.offset + length + padLength(length);
    if (expectedSize !== undefined && end > expectedSize) {
      this.fail(`length ${length} runs past the end of the NAR (${expectedSize} bytes)`);
    }
  }

  private async readPadding(length: number): Promise<void> {
    const pad = padLength(length);
    if (pad === 0) return;
    const bytes = await this.src.readExact(pad);
    if (!Buffer.isBuffer(bytes)) this.fail('the NAR ends in the middle of padding');
    if (bytes.some((b) => b !== 0)) this.fail('padding bytes are not zero');
  }

  private async readString(max: number, what: string): Promise<Buffer> {
    const length = await this.readU64();
    if (length > max) this.fail(`${what} is ${length} bytes long, more than ${max}`);
    this.checkFits(length);
    const bytes = await this.src.readExact(length);
    if (!Buffer.isBuffer(bytes)) this.fail(`the NAR ends in the middle of ${what}`);
    const copy = Buffer.from(bytes); // tokens outlive the chunk they came in
    await this.readPadding(length);
    return copy;
  }

  private async expect(token: string): Promise<void> {
    const got = await this.readString(Math.max(token.length, 16), `a '${token}' tag`);
    if (got.toString('latin1') !== token) this.fail(`expected '${token}', found ${quoted(got)}`);
  }

  private async token(): Promise<string> {
    return (await this.readString(16, 'a tag')).toString('latin1');
  }

  async *entries(): AsyncGenerator<NarEntry> {
    try {
      await this.expect(NAR_MAGIC);
      yield* this.node(0);
      if (!(await this.src.atEnd())) this.fail('there are bytes after the end of the archive');
      const { hash, size } = this.counter.finish();
      yield { kind: 'end', narHash: hash, narSize: size };
    } finally {
      await this.src.close();
    }
  }

  private async *node(depth: number): AsyncGenerator<NarEntry> {
    if (depth > MAX_NAR_DEPTH) this.fail(`directories are nested more than ${MAX_NAR_DEPTH} deep`);
    await this.expect('(');
    await this.expect('type');
    const type = await this.token();
    switch (type) {
      case 'regular':
        yield* this.regular();
        break;
      case 'directory':
        yield* this.directory(depth);
        break;
      case 'symlink':
        yield* this.symlink();
        break;
      default:
        this.fail(`unknown entry type ${quoted(type)}`);
    }
  }

  private async *regular(): AsyncGenerator<NarEntry> {
    let tag = await this.token();
    const executable = tag === 'executable';
    if (executable) {
      const marker = await this.readString(0, 'the executable marker');
      if (marker.length !== 0) this.fail('the executable marker is not empty');
      tag = await this.token();
    }
    if (tag !== 'contents') this.fail(`expected 'contents', found ${quoted(tag)}`);
    const size = await this.readU64();
    this.checkFits(size);
    const path = this.path;
    const slices = this.src.readSlices(size);
    let got = 0;
    let handedOut = false;
    // Once the consumer asks for the next entry the rest is drained below: a read
    // after that would find nothing and look like an empty or short file, so it throws.
    let passed = false;
    const tooLate = (): Error => new Error('a NAR file entry must be read before the next entry is asked for');
    // The consumer may stop early (break): its return() must not end `slices`,
    // whose rest is drained below so that parsing can go on.
    const contents: AsyncIterable<Buffer> = {
      [Symbol.asyncIterator]: () => {
        if (passed) throw tooLate();
        if (handedOut) throw new Error('a NAR file entry can be read only once');
        handedOut = true;
        return {
          next: async (): Promise<IteratorResult<Buffer, undefined>> => {
            if (passed) throw tooLate();
            const r = await slices.next();
            if (r.done) return { done: true, value: undefined };
            got += r.value.length;
            return r;
          },
          return: async (): Promise<IteratorResult<Buffer, undefined>> => ({ done: true, value: undefined }),
        };
      },
    };
    yield { kind: 'file', path, executable, size, contents };
    passed = true;
    for (let r = await slices.next(); !r.done; r = await slices.next()) got += r.value.length;
    if (got !== size) this.fail(`the NAR ends inside a file (${got} of ${size} bytes)`);
    await this.readPadding(size);
    await this.expect(')');
  }

  private async *directory(depth: number): AsyncGenerator<NarEntry> {
    const dirPath = this.path;
    yield { kind: 'directory', path: dirPath };
    let previous: Buffer | undefined;
    for (;;) {
      const tag = await this.token();
      if (tag === ')') return;
      if (tag !== 'entry') this.fail(`expected 'entry' or ')', found ${quoted(tag)}`);
      await this.expect('(');
      await this.expect('name');
      const name = await this.readString(MAX_NAME_BYTES, 'an entry name');
      const problem = entryNameProblem(name);
      if (problem) this.fail(problem);
      if (previous && Buffer.compare(previous, name) >= 0) {
        const how = previous.equals(name) ? 'appears twice' : `comes after ${quoted(previous)}`;
        this.fail(`entries are not sorted: ${quoted(name)} ${how}`);
      }
      previous = name;
      await this.expect('node');
      this.path = joinEntryPath(dirPath, name);
      yield* this.node(depth + 1);
      this.path = dirPath;
      await this.expect(')');
    }
  }

  private async *symlink(): AsyncGenerator<NarEntry> {
    await this.expect('target');
    const target = await this.readString(MAX_TARGET_BYTES, 'a symlink target');
    if (target.length === 0) this.fail('a symlink has an empty target');
    if (target.includes(0)) this.fail('a symlink target contains a NUL byte');
    yield { kind: 'symlink', path: this.path, target };
    await this.expect(')');
  }
}

/**
 * Parses a NAR from a stream of chunks. Entries come in archive order; the last
 * one is `end` with the NAR's sha256 and size. Throws NarFormatError at the
 * first byte that is not canonical NAR.
 */
export function parseNar(source: AsyncIterable<Uint8Array>, options: ParseNarOptions = {}): AsyncGenerator<NarEntry> {
  return new NarParser(source, options).entries();
}
