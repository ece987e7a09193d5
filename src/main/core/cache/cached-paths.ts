// What an offline cache holds: its narinfos, read and checked, and the answer
// to "does the cache hold this path, and as what?" for delta bundles (rule 8).
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CacheLookup } from '../bundle/cache-lookup';
import { NarInfoCacheLookup } from '../bundle/narinfo-cache-lookup';
import { narUrlProblem } from '../bundle/nar-url';
import { parseNarInfo, type NarInfo } from '../nix/narinfo';
import { storePathBaseName } from '../nix/store-path';
import { narFilePath, type CacheLayout } from './cache-layout';

export interface CachedPath {
  readonly baseName: string;
  readonly narinfo: NarInfo;
  readonly narFile: string;
}

export interface UnreadableNarinfo {
  readonly file: string;
  readonly problem: string;
}

function toCachedPath(layout: CacheLayout, file: string, text: string): CachedPath {
  const narinfo = parseNarInfo(text, file);
  const baseName = storePathBaseName(narinfo.storePath);
  if (`${narinfo.storePath.hashPart}.narinfo` !== file) throw new Error(`describes ${baseName}, not what its file name says`);
  const urlProblem = narUrlProblem(narinfo.url);
  if (urlProblem) throw new Error(`its URL '${narinfo.url}' ${urlProblem}`);
  return { baseName, narinfo, narFile: narFilePath(layout, narinfo.url) };
}

/** One path's narinfo from the cache, checked as readCachedPaths checks it; undefined when the cache has none. */
export async function readCachedPath(layout: CacheLayout, hashPart: string): Promise<CachedPath | undefined> {
  const file = `${hashPart}.narinfo`;
  const text = await readFile(join(layout.cacheDir, file), 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  return text === undefined ? undefined : toCachedPath(layout, file, text);
}

export async function readCachedPaths(layout: CacheLayout): Promise<{ paths: CachedPath[]; unreadable: UnreadableNarinfo[] }> {
  const files = (await readdir(layout.cacheDir)).filter((f) => f.endsWith('.narinfo')).sort();
  const paths: CachedPath[] = [];
  const unreadable: UnreadableNarinfo[] = [];
  for (const file of files) {
    try {
      paths.push(toCachedPath(layout, file, await readFile(join(layout.cacheDir, file), 'utf8')));
    } catch (err) {
      unreadable.push({ file, problem: (err as Error).message });
    }
  }
  return { paths, unreadable };
}

/** The cache as verification sees it: a path is held when its narinfo and a NAR file of the right size are there. */
export function cacheLookup(layout: CacheLayout): CacheLookup {
  return new NarInfoCacheLookup(layout.root);
}
