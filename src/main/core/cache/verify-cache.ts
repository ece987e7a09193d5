// `airlock cache verify`: re-hash every NAR the cache holds (both cores) and
// list every damaged path, not just the first. Changes nothing.
import { formatHash } from '../nix/hash';
import { checkEveryNarFile, type CheckOptions } from '../bundle/nar-file-check';
import type { CacheLayout } from './cache-layout';
import { readCachedPaths } from './cached-paths';

export interface CacheDamage {
  readonly path: string;
  readonly problem: string;
}

export interface CacheVerifyReport {
  readonly checked: number;
  readonly bytes: number;
  readonly damaged: readonly CacheDamage[];
}

export async function verifyCache(layout: CacheLayout, options: CheckOptions = {}): Promise<CacheVerifyReport> {
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
  const problems = await checkEveryNarFile(jobs, options);
  const damaged: CacheDamage[] = unreadable.map((u) => ({ path: u.file, problem: `unreadable narinfo: ${u.problem}` }));
  problems.forEach((problem, i) => {
    if (problem) damaged.push({ path: `/nix/store/${paths[i]?.baseName}`, problem: problem.problem });
  });
  return { checked: paths.length, bytes: jobs.reduce((n, j) => n + (j.expected.fileSize ?? 0), 0), damaged };
}
