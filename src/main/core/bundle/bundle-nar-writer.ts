// Writing the NAR files of a new bundle into `cache/nar/`. A file is written
// under a temporary name, fsynced, and renamed to `<FileHash nix32>.nar[.ext]`
// only once complete, so a half-written file never carries a final name.
// From the store the NAR is made by Airlock's own dumpNar (byte-identical to
// `nix-store --dump`) and checked against the NarHash Nix recorded; from a
// cache folder the compressed file is copied as it is, and checked in full
// (FileHash, NarHash, canonical NAR) by checkNarFiles while it is copied.
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createCompressor, narFileExtension, type WritableCompression } from '../nix/compression';
import { formatHash, Sha256Counter, type NixHash } from '../nix/hash';
import { dumpNar } from '../nix/nar-writer';
import { encodeNix32 } from '../nix/nix32';
import { NAR_DIR } from './bundle-layout';
import type { ClosureEntry } from './closure-entry';

export interface WrittenNar {
  /** Relative to the cache root: `nar/<filehash>.nar.zst`. */
  readonly url: string;
  readonly compression: string;
  readonly fileHash: NixHash;
  readonly fileSize: number;
}

export function temporaryNarName(narDir: string): string {
  return join(narDir, `.partial-${randomBytes(8).toString('hex')}`);
}

/** Gives a complete, fsynced temporary file its final name. */
export async function publishNarFile(temp: string, narDir: string, fileHash: NixHash, compression: string): Promise<string> {
  const name = `${encodeNix32(fileHash.digest)}${narFileExtension(compression)}`;
  await rename(temp, join(narDir, name));
  return `${NAR_DIR}/${name}`;
}

/** The sha256 and size of a file, read in one pass. */
export async function hashFile(file: string): Promise<{ readonly hash: NixHash; readonly size: number }> {
  const counter = new Sha256Counter();
  const fh = await open(file, 'r');
  try {
    for await (const chunk of fh.createReadStream({ highWaterMark: 1 << 20, autoClose: false })) counter.update(chunk as Buffer);
  } finally {
    await fh.close();
  }
  return counter.finish();
}

/** Dumps `entry.path` from the store, compresses it into `narDir`, and checks the NAR against Nix's NarHash. */
export async function writeStoreNar(
  entry: ClosureEntry,
  narDir: string,
  compression: WritableCompression,
  onNarBytes: (bytes: number) => void,
): Promise<WrittenNar> {
  const temp = temporaryNarName(narDir);
  const out = await open(temp, 'wx', 0o644);
  const nar = new Sha256Counter();
  const file = new Sha256Counter();
  try {
    const counted = async function* (): AsyncGenerator<Buffer> {
      for (const chunk of dumpNar(entry.path)) {
        nar.update(chunk);
        onNarBytes(chunk.length);
        yield chunk;
      }
    };
    await pipeline(Readable.from(counted()), createCompressor(compression), async (compressed: AsyncIterable<Buffer>) => {
      for await (const chunk of compressed) {
        file.update(chunk);
        let done = 0;
        while (done < chunk.length) done += (await out.write(chunk, done)).bytesWritten;
      }
    });
    await out.sync();
    await out.close();
    const made = nar.finish();
    if (formatHash(made.hash) !== entry.narHash || made.size !== entry.narSize) {
      throw new Error(
        `${entry.path} does not match what Nix recorded for it (NarHash ${entry.narHash}, ${entry.narSize} bytes; its contents give ${formatHash(made.hash)}, ${made.size} bytes): ` +
          'it was changed in the store; run nix-store --verify --check-contents',
      );
    }
    const { hash: fileHash, size: fileSize } = file.finish();
    return { url: await publishNarFile(temp, narDir, fileHash, compression), compression, fileHash, fileSize };
  } catch (err) {
    await out.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw err;
  }
}
