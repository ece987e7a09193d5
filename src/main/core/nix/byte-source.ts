// Pull-based reading of an async stream of byte chunks: exact small reads for
// NAR tokens, and zero-copy slices for file contents. Every byte pulled is
// passed to `onBytes` (the NAR hash) exactly once.

const EMPTY = Buffer.alloc(0);

export class ByteSource {
  private chunk: Buffer = EMPTY;
  private pos = 0;
  private ended = false;
  /** Bytes handed to the caller so far. */
  offset = 0;

  constructor(
    private readonly iterator: AsyncIterator<Uint8Array>,
    private readonly onBytes: (bytes: Buffer) => void,
  ) {}

  static from(source: AsyncIterable<Uint8Array>, onBytes: (bytes: Buffer) => void): ByteSource {
    return new ByteSource(source[Symbol.asyncIterator](), onBytes);
  }

  /** Loads the next chunk when the current one is used up; false at the end of the stream. */
  private async ensure(): Promise<boolean> {
    while (this.pos >= this.chunk.length) {
      if (this.ended) return false;
      const next = await this.iterator.next();
      if (next.done) {
        this.ended = true;
        return false;
      }
      const bytes = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
      this.onBytes(bytes);
      this.chunk = bytes;
      this.pos = 0;
    }
    return true;
  }

  /** Reads exactly `n` bytes, or returns how many there were when the stream ends first. */
  async readExact(n: number): Promise<Buffer | { readonly short: number }> {
    if (this.pos + n <= this.chunk.length) {
      const out = this.chunk.subarray(this.pos, this.pos + n);
      this.pos += n;
      this.offset += n;
      return out;
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      if (!(await this.ensure())) return { short: filled };
      const take = Math.min(n - filled, this.chunk.length - this.pos);
      this.chunk.copy(out, filled, this.pos, this.pos + take);
      this.pos += take;
      filled += take;
      this.offset += take;
    }
    return out;
  }

  /** Yields the next `n` bytes as slices of the incoming chunks; stops early at the end of the stream. */
  async *readSlices(n: number): AsyncGenerator<Buffer, number> {
    let left = n;
    while (left > 0) {
      if (!(await this.ensure())) return n - left;
      const take = Math.min(left, this.chunk.length - this.pos);
      const out = this.chunk.subarray(this.pos, this.pos + take);
      this.pos += take;
      this.offset += take;
      left -= take;
      yield out;
    }
    return n;
  }

  /** True when no byte is left. Pulls the next chunk to find out. */
  async atEnd(): Promise<boolean> {
    return !(await this.ensure());
  }

  /** Gives the underlying stream a chance to clean up when reading stops early. */
  async close(): Promise<void> {
    await this.iterator.return?.();
  }
}
