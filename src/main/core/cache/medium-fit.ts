// Before an import reads anything: can the cache's filesystem hold the
// bundle's files at all? (FAT32: no file over 4 GiB.) Refused at once, in words
// that say how to fix it, instead of failing an hour into the copy.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { checkFitsOnMedium } from '../media/fs-limits';
import { filesystemOf } from '../media/filesystem-of';
import type { CacheLayout } from './cache-layout';
import { MediumError } from './medium-errors';
import { lstatIfExists } from '../files/stat-if-exists';

async function largestNarFile(bundleDir: string): Promise<number> {
  const narDir = join(bundleDir, 'cache', 'nar');
  const names = await readdir(narDir).catch(() => []);
  let largest = 0;
  for (const name of names) {
    const st = await lstatIfExists(join(narDir, name));
    if (st?.isFile()) largest = Math.max(largest, st.size);
  }
  return largest;
}

export async function checkBundleFitsCache(bundleDir: string, layout: CacheLayout): Promise<void> {
  const problems = checkFitsOnMedium(await filesystemOf(layout.root), { largestFile: await largestNarFile(bundleDir) });
  if (problems.length > 0) throw new MediumError(`${problems.join('; ')}. Nothing was copied.`);
}
