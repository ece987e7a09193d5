// Rule 7 of bundle-format.md for the NAR files a bundle carries: each exists as
// a regular file inside the bundle (never through a link: rule 9), and
// checkNarFiles reads it once to check FileHash/FileSize, NarSize, NarHash and
// that it is a canonical NAR.
import { dirname, join, relative } from 'node:path';
import { formatHash } from '../nix/hash';
import { CACHE_DIR } from './bundle-layout';
import { lstatInBundle } from './bundle-files';
import type { BundleNarInfo } from './bundle-narinfos';
import {
  checkNarFiles,
  NarFileProblem,
  NarFileUnreadable,
  type NarCheckProgress,
  type NarFileExpectation,
  type NarFileJob,
} from './nar-file-check';
import { BundleRefusal, BundleUnreadable, refuse } from './refusal';
import { escapeUntrusted } from '../../../shared/untrusted-text';

export interface CarriedNar {
  readonly path: string;
  readonly file: string;
  readonly expected: NarFileExpectation;
  /** The file's size when found (for progress totals). */
  readonly size: number;
}

export function narExpectation(info: BundleNarInfo['narInfo']): NarFileExpectation {
  return {
    compression: info.compression,
    ...(info.fileHash ? { fileHash: formatHash(info.fileHash) } : {}),
    ...(info.fileSize !== undefined ? { fileSize: info.fileSize } : {}),
    narHash: formatHash(info.narHash),
    narSize: info.narSize,
  };
}

/** Finds each carried NAR file; a missing or odd one is refused before any hashing starts. */
export async function locateNarFiles(cacheDir: string, narInfos: readonly BundleNarInfo[]): Promise<readonly CarriedNar[]> {
  const found: CarriedNar[] = [];
  for (const { narInfo, entry } of narInfos) {
    const file = join(cacheDir, narInfo.url);
    const st = await lstatInBundle(file, `${CACHE_DIR}/${narInfo.url}`);
    if (!st) refuse(7, `the NAR file of ${entry.path} (${CACHE_DIR}/${narInfo.url}) is missing`);
    if (!st.isFile()) refuse(7, `the NAR file of ${entry.path} (${CACHE_DIR}/${narInfo.url}) is not a regular file`);
    found.push({ path: entry.path, file, expected: narExpectation(narInfo), size: st.size });
  }
  return found;
}

export interface NarCheckOptions {
  readonly onProgress?: (p: NarCheckProgress) => void;
  readonly signal?: AbortSignal;
  /** Per NAR (same order), a new file to write the checked bytes to, or undefined. */
  readonly copyTo?: readonly (string | undefined)[];
}

/** Rule 7 over every carried NAR (in worker threads); a bad one is refused naming its store path. */
export async function checkCarriedNars(nars: readonly CarriedNar[], options: NarCheckOptions): Promise<void> {
  const jobs: NarFileJob[] = nars.map((n, i) => {
    const copyTo = options.copyTo?.[i];
    return { file: n.file, expected: n.expected, ...(copyTo !== undefined ? { copyTo } : {}) };
  });
  try {
    await checkNarFiles(jobs, { onProgress: options.onProgress, signal: options.signal });
  } catch (err) {
    if (err instanceof NarFileUnreadable) throw new BundleUnreadable(err.file, err.errno);
    if (!(err instanceof NarFileProblem)) throw err;
    const nar = nars.find((n) => n.file === err.file);
    const name = nar ? `${nar.path} (${CACHE_DIR}/${relative(dirname(dirname(nar.file)), nar.file)})` : err.file;
    throw new BundleRefusal(7, `the NAR file of ${name} failed its check: ${escapeUntrusted(err.problem)}`, { cause: err });
  }
}
