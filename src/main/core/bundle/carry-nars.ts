// Puts the NAR files of the carried paths into a new bundle's `cache/nar/`:
// made from the local store, or copied from a binary cache folder as they are.
import { stat } from 'node:fs/promises';
import type { WritableCompression } from '../nix/compression';
import { parseHash } from '../nix/hash';
import { hashFile, publishNarFile, temporaryNarName, writeStoreNar, type WrittenNar } from './bundle-nar-writer';
import { narExpectation } from './bundle-nar-files';
import type { ClosureEntry } from './closure-entry';
import type { CachedClosureEntry } from './closure-from-cache';
import { checkNarFiles, NarFileProblem, type NarFileJob } from './nar-file-check';

export interface CarryProgress {
  readonly paths: number;
  readonly totalPaths: number;
  /** NAR bytes dumped (from the store) or file bytes copied (from a cache). */
  readonly bytes: number;
  readonly totalBytes: number;
}

export type CarryProgressListener = (p: CarryProgress) => void;

/** One path at a time; the compressor has threads of its own. */
export async function carryFromStore(
  entries: readonly ClosureEntry[],
  narDir: string,
  compression: WritableCompression,
  options: { readonly onProgress?: CarryProgressListener; readonly signal?: AbortSignal } = {},
): Promise<Map<string, WrittenNar>> {
  const { onProgress, signal } = options;
  const written = new Map<string, WrittenNar>();
  const totalBytes = entries.reduce((sum, e) => sum + e.narSize, 0);
  let bytes = 0;
  for (const entry of entries) {
    signal?.throwIfAborted();
    const report = (): void => onProgress?.({ paths: written.size, totalPaths: entries.length, bytes, totalBytes });
    written.set(entry.path, await writeStoreNar(entry, narDir, compression, (n) => ((bytes += n), report())));
    report();
  }
  return written;
}

/** Copies every file in worker threads, checking each in full while copying; a bad source file fails creation. */
export async function carryFromCache(
  entries: readonly CachedClosureEntry[],
  narDir: string,
  options: { readonly onProgress?: CarryProgressListener; readonly signal?: AbortSignal } = {},
): Promise<Map<string, WrittenNar>> {
  const jobs: NarFileJob[] = entries.map((e) => ({
    file: e.narFile,
    expected: narExpectation(e.narInfo),
    copyTo: temporaryNarName(narDir),
  }));
  const sizes = await Promise.all(
    entries.map((e) =>
      stat(e.narFile).then(
        (s) => s.size,
        () => 0,
      ),
    ),
  );
  const totalBytes = sizes.reduce((a, b) => a + b, 0);
  try {
    await checkNarFiles(jobs, {
      signal: options.signal,
      onProgress: (p) => options.onProgress?.({ paths: p.files, totalPaths: entries.length, bytes: p.bytes, totalBytes }),
    });
  } catch (err) {
    if (err instanceof NarFileProblem) {
      const entry = entries.find((e) => e.narFile === err.file);
      throw new Error(`the source cache's NAR file of ${entry?.path ?? err.file} is unusable: ${err.problem}`, { cause: err });
    }
    throw err;
  }
  const written = new Map<string, WrittenNar>();
  for (const [i, entry] of entries.entries()) {
    const temp = (jobs[i] as NarFileJob).copyTo as string;
    const { narInfo } = entry;
    // Checked against the source's FileHash when it gave one; else hashed now.
    const known = narInfo.fileHash && narInfo.fileHash.algorithm === 'sha256' && narInfo.fileSize !== undefined;
    const { hash, size } = known
      ? { hash: parseHash(narExpectation(narInfo).fileHash as string), size: narInfo.fileSize as number }
      : await hashFile(temp);
    const url = await publishNarFile(temp, narDir, hash, narInfo.compression);
    written.set(entry.path, { url, compression: narInfo.compression, fileHash: hash, fileSize: size });
  }
  return written;
}
