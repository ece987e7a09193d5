// A CacheLookup over a folder that holds a Nix binary cache in `cache/` (an
// offline cache on a medium, `<medium>/airlock`): a path is held when its
// narinfo reads and its NAR file is there, complete as far as FileSize tells.
// Used by `bundle verify --cache` (rule 8) and by `bundle create --base`.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatHash } from '../nix/hash';
import { parseNarInfo, type NarInfo } from '../nix/narinfo';
import { parseStorePathBaseName, storePathBaseName } from '../nix/store-path';
import { CACHE_DIR, narInfoFileName } from './bundle-layout';
import type { CacheLookup, HeldPath } from './cache-lookup';
import { narUrlProblem } from './nar-url';
import { compareByteOrder } from './manifest-rules';
import { lstatIfExists } from '../files/stat-if-exists';

export class NarInfoCacheLookup implements CacheLookup {
  private readonly cacheDir: string;

  /** `root` is the folder that holds `cache/` (e.g. `<medium>/airlock`). */
  constructor(root: string) {
    this.cacheDir = join(root, CACHE_DIR);
  }

  private async narInfo(baseName: string): Promise<NarInfo | undefined> {
    const { hashPart } = parseStorePathBaseName(baseName);
    const text = await readFile(join(this.cacheDir, narInfoFileName(hashPart)), 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    });
    if (text === undefined) return undefined;
    try {
      const info = parseNarInfo(text, narInfoFileName(hashPart));
      return storePathBaseName(info.storePath) === baseName ? info : undefined;
    } catch {
      // A narinfo that does not read is no path the cache can serve.
      return undefined;
    }
  }

  async held(baseName: string): Promise<HeldPath | undefined> {
    const info = await this.narInfo(baseName);
    if (!info || narUrlProblem(info.url)) return undefined;
    const nar = await lstatIfExists(join(this.cacheDir, info.url));
    if (!nar?.isFile() || (info.fileSize !== undefined && nar.size !== info.fileSize)) return undefined;
    return {
      narHash: formatHash(info.narHash),
      narSize: info.narSize,
      references: info.references.map(storePathBaseName).sort(compareByteOrder),
    };
  }
}
