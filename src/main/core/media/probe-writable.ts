// Before an import: can we really write here? Asking is not enough (a
// write-protect switch, a FUSE driver without fsync, a full stick all look
// fine from outside), so this does what an import does on a small scale:
// create, write, fsync, rename, remove. It also tries a symlink and a chmod, so
// the caller knows what the filesystem keeps without trusting its name.
import { chmod, open, rename, rm, stat, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { volumeSpace } from './volume-space';

export interface WriteProbe {
  readonly dir: string;
  readonly writable: boolean;
  /** Why not, in words; null when writable. */
  readonly problem: string | null;
  readonly totalBytes: number | null;
  readonly freeBytes: number | null;
  /** null when not tried (the folder is not writable). */
  readonly symlinks: boolean | null;
  readonly permissions: boolean | null;
}

function explain(dir: string, err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'EROFS':
      return `${dir} is read-only (is the stick's write-protect switch on, or was it mounted read-only?)`;
    case 'EACCES':
    case 'EPERM':
      return `no permission to write in ${dir}`;
    case 'ENOSPC':
      return `${dir} is full`;
    case 'ENOENT':
    case 'ENOTDIR':
      return `${dir} is not a folder (is the stick still mounted?)`;
    case 'EIO':
      return `input/output error writing to ${dir}: the stick may be failing or was pulled out`;
    default:
      return `cannot write in ${dir}: ${err.message}`;
  }
}

async function tries(action: () => Promise<unknown>): Promise<boolean> {
  return action().then(
    () => true,
    () => false,
  );
}

export async function probeWritable(dir: string): Promise<WriteProbe> {
  const space = await volumeSpace(dir);
  const base = join(dir, `.airlock-probe-${process.pid}-${Date.now().toString(36)}`);
  const [temp, done, link] = [`${base}.tmp`, `${base}.done`, `${base}.link`];
  try {
    const file = await open(temp, 'wx', 0o644);
    try {
      await file.writeFile('airlock write probe\n');
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, done);
    const symlinks = await tries(() => symlink(done, link));
    // A filesystem without modes either refuses chmod or accepts it and forgets.
    const permissions = (await tries(() => chmod(done, 0o600))) && ((await stat(done)).mode & 0o777) === 0o600;
    return { dir, writable: true, problem: null, ...space, symlinks, permissions };
  } catch (err) {
    return { dir, writable: false, problem: explain(dir, err as NodeJS.ErrnoException), ...space, symlinks: null, permissions: null };
  } finally {
    await Promise.all([temp, done, link].map((p) => rm(p, { force: true }).catch(() => undefined)));
  }
}
