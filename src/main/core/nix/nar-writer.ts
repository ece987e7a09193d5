// Serialises a file, directory or symlink exactly as `nix-store --dump` does:
// entries sorted by name in byte order, the owner's execute bit, symlink targets
// as stored. Streams: file contents are read in chunks, never held whole.
import { lstat, open, readdir, readlink } from 'node:fs/promises';
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

async function* dumpContents(path: Buffer, size: number, tokens: TokenBuffer): AsyncGenerator<Buffer> {
  tokens.add('contents');
  tokens.addRaw(encodeU64(size));
  const head = tokens.take();
  if (head) yield head;
  const file = await open(path, 'r');
  try {
    let done = 0;
    while (done < size) {
      const buf = Buffer.allocUnsafe(Math.min(CHUNK, size - done));
      const { bytesRead } = await file.read(buf, 0, buf.length, done);
      if (bytesRead === 0) throw new Error(`${path.toString()} shrank while it was being read`);
      done += bytesRead;
      yield bytesRead === buf.length ? buf : buf.subarray(0, bytesRead);
    }
  } finally {
    await file.close();
  }
  const pad = padLength(size);
  if (pad > 0) tokens.addRaw(Buffer.alloc(pad));
}

async function* dumpNode(path: Buffer, tokens: TokenBuffer): AsyncGenerator<Buffer> {
  const st = await lstat(path);
  tokens.add('(');
  if (st.isFile()) {
    tokens.add('type', 'regular');
    if (st.mode & 0o100) tokens.add('executable', '');
    yield* dumpContents(path, st.size, tokens);
  } else if (st.isDirectory()) {
    tokens.add('type', 'directory');
    const names = (await readdir(path, { encoding: 'buffer' })).sort(compareBytes);
    for (const name of names) {
      tokens.add('entry', '(', 'name', name, 'node');
      yield* dumpNode(joinPath(path, name), tokens);
      tokens.add(')');
    }
  } else if (st.isSymbolicLink()) {
    tokens.add('type', 'symlink', 'target', await readlink(path, { encoding: 'buffer' }));
  } else {
    throw new Error(`${path.toString()} is neither a file, a directory nor a symlink; a NAR cannot hold it`);
  }
  tokens.add(')');
}

/** The NAR of `path`, as a stream of byte chunks. */
export async function* dumpNar(path: string): AsyncGenerator<Buffer> {
  const tokens = new TokenBuffer();
  tokens.add(NAR_MAGIC);
  yield* dumpNode(Buffer.from(path), tokens);
  const tail = tokens.take();
  if (tail) yield tail;
}
