// Writes that survive a pulled stick or a killed process: write a temporary
// name, flush it to the medium, rename it into place, flush the folder. A
// reader sees the old file or the whole new one, never a part.
import { open, rename, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { PARTIAL_PREFIX } from './cache-layout';

/** Flushes a folder's entries (new names, renames). Not possible on Windows, where rename is already durable enough. */
export async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } catch (err) {
    // Some FUSE filesystems (exFAT, FAT32 here) refuse fsync on a folder; the rename itself is what matters.
    if ((err as NodeJS.ErrnoException).code !== 'EINVAL' && (err as NodeJS.ErrnoException).code !== 'ENOTSUP') throw err;
  } finally {
    await fh.close();
  }
}

export function partialPathFor(target: string): string {
  return join(dirname(target), `${PARTIAL_PREFIX}${randomBytes(6).toString('hex')}-${basename(target)}`.slice(0, 255));
}

export async function writeFileDurably(target: string, data: string | Buffer): Promise<void> {
  const partial = partialPathFor(target);
  const fh = await open(partial, 'wx', 0o644);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } catch (err) {
    await fh.close();
    await rm(partial, { force: true });
    throw err;
  }
  await fh.close();
  await rename(partial, target);
  await syncDir(dirname(target));
}
