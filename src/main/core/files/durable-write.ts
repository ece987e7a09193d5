// Writes that survive a pulled stick or a killed process: write a temporary
// name, flush it to the medium, rename it into place, flush the folder. A
// reader sees the old file or the whole new one, never a part.
import { open, rename, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { mapLimit } from '../jobs/map-limit';
/** Unfinished writes carry this prefix (and end in .tmp): nothing reads them, and the next writer removes them. */
export const PARTIAL_PREFIX = '.partial-';

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

/**
 * The name a file is written under before it is renamed into place. It ends in
 * `.tmp`, never in the target's own extension, so nothing that lists files by
 * extension (`*.narinfo`, `*.json`) ever takes an unfinished one for a real one.
 */
export function partialPathFor(target: string): string {
  const name = `${PARTIAL_PREFIX}${randomBytes(6).toString('hex')}-${basename(target)}`.slice(0, 250);
  return join(dirname(target), `${name}.tmp`);
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

/** Files written in parallel before any is renamed: the same guarantee as writeFileDurably, one folder flush. */
export async function writeFilesDurably(files: readonly { readonly path: string; readonly data: string | Buffer }[]): Promise<void> {
  const partials = files.map((f) => partialPathFor(f.path));
  try {
    await Promise.all(
      files.map(async (f, i) => {
        const fh = await open(partials[i] as string, 'wx', 0o644);
        try {
          await fh.writeFile(f.data);
          await fh.sync();
        } finally {
          await fh.close();
        }
      }),
    );
  } catch (err) {
    await Promise.all(partials.map((p) => rm(p, { force: true })));
    throw err;
  }
  // Each rename makes one whole file appear; a crash between them leaves some new, none partial.
  await mapLimit([...files.entries()], 16, ([i, f]) => rename(partials[i] as string, f.path));
  for (const dir of new Set(files.map((f) => dirname(f.path)))) await syncDir(dir);
}
