// Resuming an interrupted import, so a multi-GB bundle over USB 2 is not read
// and copied twice. As each carried NAR is checked, its bytes are copied to a
// `.checked-<key>` file in the cache's nar/ folder, and the checking worker
// gives the copy that name only once it is whole, flushed, and has passed
// every rule-7 check against its narinfo (nar-file-check-thread.ts). The key
// is the sha256 of everything that check compared: the narinfo's URL,
// Compression, FileHash, FileSize, NarHash and NarSize.
//
// Why that is sound: on the next run the bundle's narinfos are verified afresh
// (rules 5 and 6, signed, matching the signed manifest) before any of this is
// used, and a `.checked-` file under the key of such a narinfo can only be a
// copy that was checked against exactly those values; a name is never given
// to a copy that is partial or failed, and nothing else writes that prefix. Its
// size is compared with FileSize as a guard against a damaged cache medium; it
// is not hashed again, since that would read it again, which is what resuming
// avoids (the cache medium is trusted as much as the cache already on it, and
// `cache verify` re-hashes everything when the medium itself is in doubt).
//
// No narinfo names a `.checked-` file, so Nix never sees one. A refused import
// removes those it wrote; any other failure (medium full or pulled, killed)
// keeps them for the next run; `cache gc` removes any left over as orphans.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { CarriedPath } from '../bundle/verify-bundle';
import type { CacheLayout } from './cache-layout';
import { lstatIfExists } from '../files/stat-if-exists';

export const CHECKED_PREFIX = '.checked-';

/** Where the checked copy of a carried NAR waits until the whole bundle has passed. */
export function checkedNarPath(layout: CacheLayout, c: CarriedPath): string {
  const { compression, fileHash, fileSize, narHash, narSize } = c.expected;
  const key = createHash('sha256')
    .update(JSON.stringify([c.narInfo.url, compression, fileHash ?? null, fileSize ?? null, narHash, narSize]))
    .digest('hex');
  return join(layout.narDir, `${CHECKED_PREFIX}${key}`);
}

/** True when an earlier run left the checked copy of this NAR, whole. */
export async function hasCheckedCopy(file: string, c: CarriedPath): Promise<boolean> {
  const st = await lstatIfExists(file);
  return st !== undefined && st.isFile() && (c.expected.fileSize === undefined || st.size === c.expected.fileSize);
}
