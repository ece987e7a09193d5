// What an offline cache holds: its narinfos, read and checked, and the answer
// to "does the cache hold this path, and as what?" for delta bundles (rule 8).
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { CacheLookup, HeldPath } from '../bundle/cache-lookup';
import { formatHash } from '../nix/hash';
import { parseNarInfo, type NarInfo } from '../nix/narinfo';
import { storePathBaseName } from '../nix/store-path';
import { narFilePath, narinfoPath, type CacheLayout } from './cache-layout';

export interface CachedPath {
  readonly baseName: string;
  readonly narinfo: NarInfo;
  readonly narFile: string;
}

export interface UnreadableNarinfo {
  readonly file: string;
  readonly problem: string;
}

/** A narinfo URL as bundle-format.md rule 5 allows it: `nar/<name>`, no `..`, no further `/`, no `%`. */
export function isSafeNarUrl(url: string): boolean {
  return /^nar\/[^/%]+$/.test(url) && !url.includes('..');
}

function toCachedPath(layout: CacheLayout, file: string, text: string): CachedPath {
  const narinfo = parseNarInfo(text, file);
  const baseName = storePathBaseName(narinfo.storePath);
  if (`${narinfo.storePath.hashPart}.narinfo` !== file) throw new Error(`describes ${baseName}, not what its file name says`);
  if (!isSafeNarUrl(narinfo.url)) throw new Error(`its URL '${narinfo.url}' is not a plain nar/… name`);
  return { baseName, narinfo, narFile: narFilePath(layout, narinfo.url) };
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
  return {
    async held(baseName: string): Promise<HeldPath | undefined> {
      const hashPart = baseName.slice(0, 32);
      const text = await readFile(narinfoPath(layout, hashPart), 'utf8').catch(() => undefined);
      if (text === undefined) return undefined;
      let cached: CachedPath;
      try {
        cached = toCachedPath(layout, `${hashPart}.narinfo`, text);
      } catch {
        return undefined;
      }
      if (cached.baseName !== baseName) return undefined;
      const st = await stat(cached.narFile).catch(() => undefined);
      if (!st?.isFile() || (cached.narinfo.fileSize !== undefined && st.size !== cached.narinfo.fileSize)) return undefined;
      return {
        narHash: formatHash(cached.narinfo.narHash),
        narSize: cached.narinfo.narSize,
        references: cached.narinfo.references.map(storePathBaseName).sort(),
      };
    },
  };
}
