// Serialises a file, directory or symlink exactly as `nix-store --dump` does:
// entries sorted by name in byte order, the owner's execute bit, symlink targets
// as stored. Streams: file contents are read in chunks, never held whole.
//
// The filesystem calls are synchronous on purpose: a NAR is thousands of small
// lstat/open/read/close calls, and sending each through libuv's thread pool
// costs more than the hashing (half the speed, measured by `npm run bench`).
// Callers that must not block an event loop run this in a worker thread
// (nar-hash.ts does); the CLI streams it directly.
import { closeSync, lstatSync, openSync, readdirSync, readlinkSync, readSync } from 'node:fs';
import { NAR_MAGIC, compareBytes, encodeNarString, encodeU64, padLength } from './nar-wire';

const CHUNK = 1 << 20;

/** Small tokens are gathered and sent as one buffer before each run of file bytes. */
class TokenBuffer {
  private parts: Buffer[] = [];

  add(...tokens: (string | Uint8Array)[]): void {
    for (const t of tokens) this.parts.push(encodeNarString(t));
  }

  addRaw(bytes: Buffer): void {
    this.parts.push(bytes);
  }

  take(): Buffer | undefined {
    if (this.parts.length === 0) return undefined;
    const out = Buffer.concat(this.parts);
    this.parts = [];
    return out;
  }
}

function joinPath(dir: Buffer, name: Buffer): Buffer {
  return Buffer.concat([dir, Buffer.from('/'), name]);
}

export interface DumpOptions {
  /**
   * Read file contents into one buffer reused for every chunk. Only for a
   * consumer that is done with each chunk before it asks for the next (a hash):
   * it saves a fresh allocation, and its page faults, per MiB.
   */
  readonly reuseChunks?: boolean;
}

/** Where file bytes are read into: a new buffer each time, or the one shared buffer. */
type ChunkSource = (size: number) => Buffer;

function chunkSource(options: DumpOptions): ChunkSource {
  if (!options.reuseChunks) return (size) => Buffer.allocUnsafe(size);
  const shared = Buffer.allocUnsafe(CHUNK);
  return (size) => shared.subarray(0, size);
}

function* dumpContents(path: Buffer, size: number, tokens: TokenBuffer, chunk: ChunkSource): Generator<Buffer> {
  tokens.add('contents');
  tokens.addRaw(encodeU64(size));
  const head = tokens.take();
  if (head) yield head;
  const fd = openSync(path, 'r');
  try {
    let done = 0;
    while (done < size) {
      const buf = chunk(Math.min(CHUNK, size - done));
      const bytesRead = readSync(fd, buf, 0, buf.length, done);
      if (bytesRead === 0) throw new Error(`${path.toString()} shrank while it was being read`);
      done += bytesRead;
      yield bytesRead === buf.length ? buf : buf.subarray(0, bytesRead);
    }
  } finally {
    closeSync(fd);
  }
  const pad = padLength(size);
  if (pad > 0) tokens.addRaw(Buffer.alloc(pad));
}

function* dumpNode(path: Buffer, tokens: TokenBuffer, chunk: ChunkSource): Generator<Buffer> {
  const st = lstatSync(path);
  tokens.add('(');
  if (st.isFile()) {
    tokens.add('type', 'regular');
    if (st.mode & 0o100) tokens.add('executable', '');
    yield* dumpContents(path, st.size, tokens, chunk);
  } else if (st.isDirectory()) {
    tokens.add('type', 'directory');
    const names = readdirSync(path, { encoding: 'buffer' }).sort(compareBytes);
    for (const name of names) {
      tokens.add('entry', '(', 'name', name, 'node');
      yield* dumpNode(joinPath(path, name), tokens, chunk);
      tokens.add(')');
    }
  } else if (st.isSymbolicLink()) {
    tokens.add('type', 'symlink', 'target', readlinkSync(path, { encoding: 'buffer' }));
  } else {
    throw new Error(`${path.toString()} is neither a file, a directory nor a symlink; a NAR cannot hold it`);
  }
  tokens.add(')');
}

/** The NAR of `path`, as byte chunks (each a fresh buffer the consumer may keep, unless reuseChunks). */
export function* dumpNar(path: string, options: DumpOptions = {}): Generator<Buffer> {
  const tokens = new TokenBuffer();
  tokens.add(NAR_MAGIC);
  yield* dumpNode(Buffer.from(path), tokens, chunkSource(options));
  const tail = tokens.take();
  if (tail) yield tail;
}
