// The work of nar-file-check.ts for one file, on the thread that runs it (a
// worker). See nar-file-check.ts for what is checked and why.
import { constants } from 'node:fs';
import { open, rm, type FileHandle } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createDecompressor } from '../nix/compression';
import { formatHash, Sha256Counter } from '../nix/hash';
import { parseNar } from '../nix/nar-reader';
import { partialPathFor } from '../files/durable-write';
import { MEDIUM_GONE_CODES } from '../files/medium-gone';
import { NarFileProblem, NarFileUnreadable, type NarFileJob } from './nar-file-check';

const READ_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);
const CHUNK = 1 << 20;

/** The read size for a file of this many bytes (+1, so the end is seen in the same read), at most CHUNK. */
const readSize = (fileSize: number | undefined): number => (fileSize === undefined ? CHUNK : Math.max(4096, Math.min(CHUNK, fileSize + 1)));

async function openForReading(file: string): Promise<FileHandle> {
  const fh = await open(file, READ_FLAGS).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ELOOP') throw new NarFileProblem(file, 'is a symbolic link, which a bundle may not contain');
    if (err.code === 'ENOENT') throw new NarFileProblem(file, 'is missing');
    if (err.code && MEDIUM_GONE_CODES.has(err.code)) throw new NarFileUnreadable(file, err.code);
    throw new NarFileProblem(file, `cannot be read: ${err.message}`);
  });
  if (!(await fh.stat()).isFile()) {
    await fh.close();
    throw new NarFileProblem(file, 'is not a regular file');
  }
  return fh;
}

/**
 * Passes bytes through while hashing them and, when importing, writing them to
 * the copy. A failed write is the receiving medium's problem (full, unplugged),
 * not the bundle's: it is kept aside so it is reported as what it is.
 */
function tap(
  counter: Sha256Counter,
  copy: FileHandle | undefined,
  report: (bytes: number) => void,
  onCopyError: (err: Error) => void,
): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      counter.update(chunk);
      report(chunk.length);
      if (!copy) return callback(null, chunk);
      copy.write(chunk).then(
        () => callback(null, chunk),
        (err: Error) => {
          onCopyError(err);
          callback(err);
        },
      );
    },
  });
}

/**
 * Checks one NAR file; when copying, returns the `.partial-` file that holds the
 * checked bytes, written whole and closed but not yet flushed: the caller
 * flushes such copies in batches and only then gives each its name (see
 * checkNarFiles and files/durable-batch.ts). On failure nothing is left.
 */
export async function checkNarFileHere(
  job: NarFileJob,
  report: (bytes: number) => void,
  signal?: AbortSignal,
): Promise<string | undefined> {
  const { file, expected, copyTo } = job;
  const fail = (problem: string): never => {
    throw new NarFileProblem(file, problem);
  };
  const source = await openForReading(file);
  const partial = copyTo && partialPathFor(copyTo);
  let copy: FileHandle | undefined;
  try {
    copy = partial ? await open(partial, 'wx', 0o644) : undefined;
    const fileCounter = new Sha256Counter();
    let narEnd: { narHash: string; narSize: number } | undefined;
    // When parsing fails, pipeline() rejects with the abort it caused in the
    // other streams; keep the parser's own error, which names the problem.
    let parseError: Error | undefined;
    let copyError: Error | undefined;
    try {
      await pipeline(
        // No bigger a read buffer than the file needs: most NARs of a system are tens of KiB,
        // and a 1 MiB buffer for each was most of the garbage collector's work.
        source.createReadStream({ highWaterMark: readSize(expected.fileSize), autoClose: false }),
        tap(fileCounter, copy, report, (err) => (copyError = err)),
        createDecompressor(expected.compression),
        async (decompressed: AsyncIterable<Buffer>) => {
          try {
            for await (const entry of parseNar(decompressed, { expectedSize: expected.narSize })) {
              if (entry.kind === 'end') narEnd = { narHash: formatHash(entry.narHash), narSize: entry.narSize };
            }
          } catch (err) {
            parseError = err as Error;
            throw err;
          }
        },
        { signal },
      );
    } catch (err) {
      if (copyError) throw copyError;
      if (err instanceof NarFileProblem) throw err;
      // A read that fails like this is the stick's trouble (pulled, failing), not the bundle's content.
      const code = (err as NodeJS.ErrnoException).code;
      if (!parseError && code && MEDIUM_GONE_CODES.has(code)) throw new NarFileUnreadable(file, code);
      fail((parseError ?? (err as Error)).message);
    }
    const stored = fileCounter.finish();
    if (expected.fileSize !== undefined && stored.size !== expected.fileSize) {
      fail(`is ${stored.size} bytes, its narinfo says FileSize ${expected.fileSize}`);
    }
    if (expected.fileHash !== undefined && formatHash(stored.hash) !== expected.fileHash) {
      fail(`its sha256 is ${formatHash(stored.hash)}, its narinfo says FileHash ${expected.fileHash}`);
    }
    if (!narEnd) return fail('holds no complete NAR');
    if (narEnd.narSize !== expected.narSize) fail(`decompresses to ${narEnd.narSize} bytes, NarSize says ${expected.narSize}`);
    if (narEnd.narHash !== expected.narHash) fail(`decompresses to NarHash ${narEnd.narHash}, expected ${expected.narHash}`);
    // A failed close, like a failed write, is the receiving medium's problem.
    if (copy) {
      await copy.close();
      copy = undefined;
    }
    return partial;
  } catch (err) {
    await copy?.close();
    copy = undefined;
    if (partial) await rm(partial, { force: true });
    throw err;
  } finally {
    await copy?.close();
    await source.close();
  }
}
