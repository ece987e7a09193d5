// `airlock cache init DIR`: an empty offline cache that is already a valid Nix binary cache.
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { cacheLayout, NIX_CACHE_INFO, type CacheLayout } from './cache-layout';
import { writeFileDurably } from '../files/durable-write';
import { Refusal } from '../refusal-error';
import { statIfExists } from '../files/stat-if-exists';

export class NotACacheError extends Refusal {
  override readonly name = 'NotACacheError';
}

async function isCache(layout: CacheLayout): Promise<boolean> {
  const info = await readFile(join(layout.cacheDir, 'nix-cache-info'), 'utf8').catch(() => undefined);
  return info !== undefined && /^StoreDir: \/nix\/store$/m.test(info);
}

/** Creates the cache at `root`; does nothing to a cache that is already there; refuses a folder holding anything else. */
export async function initCache(root: string): Promise<{ layout: CacheLayout; created: boolean }> {
  const layout = cacheLayout(root);
  if (await isCache(layout)) return { layout, created: false };
  // `/media/typo/airlock`: making the missing folders would put the cache on this
  // machine's own disk, where the medium was meant to be mounted.
  const parent = dirname(resolve(root));
  const parentStat = await statIfExists(parent);
  if (!parentStat?.isDirectory()) {
    throw new NotACacheError(
      `${parent} ${parentStat ? 'is not a folder' : 'does not exist'}: is the medium mounted (airlock media ls)? Nothing was created; give a folder on the mounted medium, normally <medium>/airlock`,
    );
  }
  const existing = await readdir(root).catch(() => undefined);
  if (existing && existing.length > 0) {
    throw new NotACacheError(`${root} is not empty and holds no Airlock cache; choose an empty folder (normally <medium>/airlock)`);
  }
  await mkdir(layout.narDir, { recursive: true });
  await mkdir(layout.bundlesDir, { recursive: true });
  await writeFileDurably(join(layout.cacheDir, 'nix-cache-info'), NIX_CACHE_INFO);
  return { layout, created: true };
}

/** Opens an existing cache, or says plainly that there is none at `root`. */
export async function openCache(root: string): Promise<CacheLayout> {
  const layout = cacheLayout(root);
  if (!(await isCache(layout))) {
    throw new NotACacheError(`${root} holds no Airlock cache (no cache/nix-cache-info); run 'airlock cache init ${root}' first`);
  }
  return layout;
}
