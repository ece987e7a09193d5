// The closure of some store paths in a Nix binary cache folder (what
// `nix copy --to file://DIR` writes): each path's narinfo read from
// `<DIR>/<hash>.narinfo`, following References from each toplevel.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatHash } from '../nix/hash';
import { parseNarInfo, type NarInfo } from '../nix/narinfo';
import { parseStorePath, printStorePath, STORE_DIR, storePathBaseName } from '../nix/store-path';
import { narInfoFileName } from './bundle-layout';
import { byStorePath, type ClosureEntry } from './closure-entry';
import { compareByteOrder } from './manifest-rules';
import { narUrlProblem } from './nar-url';

export interface CachedClosureEntry extends ClosureEntry {
  readonly narInfo: NarInfo;
  /** The NAR file in the source cache. */
  readonly narFile: string;
}

async function readEntry(cacheDir: string, path: string): Promise<CachedClosureEntry> {
  const { hashPart } = parseStorePath(path);
  const file = join(cacheDir, narInfoFileName(hashPart));
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') throw new Error(`the cache ${cacheDir} does not hold ${path} (no ${narInfoFileName(hashPart)})`);
    throw new Error(`cannot read ${file}: ${err.message}`);
  });
  const narInfo = parseNarInfo(text, file);
  if (printStorePath(narInfo.storePath) !== path) throw new Error(`${file} describes ${printStorePath(narInfo.storePath)}, not ${path}`);
  const urlProblem = narUrlProblem(narInfo.url);
  if (urlProblem) throw new Error(`${file} has URL ${JSON.stringify(narInfo.url)}, which ${urlProblem}`);
  return {
    path,
    narHash: formatHash(narInfo.narHash),
    narSize: narInfo.narSize,
    references: narInfo.references.map(storePathBaseName).sort(compareByteOrder),
    ...(narInfo.deriver ? { deriver: storePathBaseName(narInfo.deriver) } : {}),
    ...(narInfo.ca ? { ca: narInfo.ca } : {}),
    narInfo,
    narFile: join(cacheDir, narInfo.url),
  };
}

/** Every path in the closure of `toplevels` as the cache describes it, sorted by path. */
export async function closureFromCache(cacheDir: string, toplevels: readonly string[]): Promise<readonly CachedClosureEntry[]> {
  const found = new Map<string, CachedClosureEntry>();
  const queue = [...toplevels];
  while (queue.length > 0) {
    const path = queue.pop() as string;
    if (found.has(path)) continue;
    const entry = await readEntry(cacheDir, path);
    found.set(path, entry);
    for (const ref of entry.references) queue.push(`${STORE_DIR}/${ref}`);
  }
  return [...found.values()].sort(byStorePath);
}
