// Unpacks a NAR into a new path, as `nix-store --restore` does, but safely for
// NARs from untrusted media: everything is written inside a fresh staging
// folder beside the target and renamed into place only once the whole NAR has
// parsed and hashed; on any error the staging folder is removed, so no tree is
// left that could be mistaken for a complete one.
import { constants } from 'node:fs';
import { lstat, mkdir, open, rename, rm, symlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { parseNar, type ParseNarOptions } from './nar-reader';
import type { NixHash } from './hash';

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

// O_EXCL refuses an existing name, symlink or not; O_NOFOLLOW is belt and braces.
const CREATE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

async function writeFileFrom(path: Buffer, executable: boolean, contents: AsyncIterable<Buffer>): Promise<void> {
  const file = await open(path, CREATE_FLAGS, executable ? 0o755 : 0o644);
  try {
    for await (const chunk of contents) {
      let done = 0;
      while (done < chunk.length) done += (await file.write(chunk, done)).bytesWritten;
    }
  } finally {
    await file.close();
  }
}

/** Longest file name most file systems hold (NAME_MAX), in bytes. */
const NAME_MAX = 255;

/**
 * `.NAME.partial-RANDOM` beside the target. NAME is cut short (on a character
 * boundary) when the whole would pass NAME_MAX: a target whose own name is near
 * the limit (a long store path name) must still be restorable.
 */
function stagingPath(target: string): string {
  const suffix = `.partial-${randomBytes(6).toString('hex')}`;
  const room = NAME_MAX - 1 - suffix.length;
  const chars = [...basename(target)];
  while (Buffer.byteLength(chars.join('')) > room) chars.pop();
  return join(dirname(target), `.${chars.join('')}${suffix}`);
}

export interface RestoreResult {
  readonly narHash: NixHash;
  readonly narSize: number;
}

export async function restoreNar(source: AsyncIterable<Uint8Array>, target: string, options: ParseNarOptions = {}): Promise<RestoreResult> {
  if (await exists(target)) throw new Error(`${target} already exists; restore needs a path that does not exist yet`);
  const staging = stagingPath(target);
  const stagingBytes = Buffer.from(staging);
  const at = (entryPath: Buffer): Buffer =>
    entryPath.length === 0 ? stagingBytes : Buffer.concat([stagingBytes, Buffer.from('/'), entryPath]);
  try {
    for await (const entry of parseNar(source, options)) {
      switch (entry.kind) {
        case 'directory':
          await mkdir(at(entry.path), { mode: 0o755 });
          break;
        case 'file':
          await writeFileFrom(at(entry.path), entry.executable, entry.contents);
          break;
        case 'symlink':
          await symlink(entry.target, at(entry.path));
          break;
        case 'end':
          if (await exists(target)) throw new Error(`${target} appeared while the NAR was being restored`);
          await rename(staging, target);
          return { narHash: entry.narHash, narSize: entry.narSize };
      }
    }
    throw new Error('the NAR stream ended without a result');
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
}
