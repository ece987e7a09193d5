// `airlock cache verify`: re-hash every NAR the cache holds (both cores) and
// list every damaged path, not just the first. Changes nothing.
import { formatHash } from '../nix/hash';
import { checkEveryNarFile, type CheckOptions } from '../bundle/nar-file-check';
import type { VerifyProgress } from '../bundle/verify-bundle';
import type { CacheLayout } from './cache-layout';
import { readCachedPaths } from './cached-paths';
import { statIfExists } from '../files/stat-if-exists';

export interface CacheDamage {
  readonly path: string;
  readonly problem: string;
}

export interface CacheVerifyReport {
  readonly checked: number;
  readonly bytes: number;
  readonly damaged: readonly CacheDamage[];
}

export interface VerifyCacheOptions extends Omit<CheckOptions, 'onProgress'> {
  /** Bytes and NAR files checked so far, of the totals. */
  readonly onProgress?: (p: VerifyProgress) => void;
}

export async function verifyCache(layout: CacheLayout, options: VerifyCacheOptions = {}): Promise<CacheVerifyReport> {
  const { paths, unreadable } = await readCachedPaths(layout);
  const jobs = paths.map((p) => ({
    file: p.narFile,
    expected: {
      compression: p.narinfo.compression,
      fileHash: p.narinfo.fileHash ? formatHash(p.narinfo.fileHash) : undefined,
      fileSize: p.narinfo.fileSize,
      narHash: formatHash(p.narinfo.narHash),
      narSize: p.narinfo.narSize,
    },
  }));
  // The total to show: FileSize as the narinfos give it, else the file's size (a missing file counts 0; it is reported as damaged).
  const sizes = await Promise.all(jobs.map(async (j) => j.expected.fileSize ?? (await statIfExists(j.file))?.size ?? 0));
  const totalBytes = sizes.reduce((n, s) => n + s, 0);
  const { onProgress, ...check } = options;
  const problems = await checkEveryNarFile(jobs, {
    ...check,
    ...(onProgress ? { onProgress: (p) => onProgress({ ...p, totalBytes, totalFiles: jobs.length }) } : {}),
  });
  const damaged: CacheDamage[] = unreadable.map((u) => ({ path: u.file, problem: `unreadable narinfo: ${u.problem}` }));
  problems.forEach((problem, i) => {
    if (problem) damaged.push({ path: `/nix/store/${paths[i]?.baseName}`, problem: problem.problem });
  });
  return { checked: paths.length, bytes: jobs.reduce((n, j) => n + (j.expected.fileSize ?? 0), 0), damaged };
}
