// Reading inside a bundle folder without ever leaving it (rule 9 of
// bundle-format.md): every entry is lstat'ed, files are opened with O_NOFOLLOW
// (and O_NONBLOCK, so a FIFO planted in the bundle cannot hang the reader), a
// symbolic link anywhere on the way is a refusal, and a file is read once, so
// what is checked is what was read.
import { constants, type Stats } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import { refuse, type BundleRule } from './refusal';
import { lstatIfExists } from '../files/stat-if-exists';

const READ_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/** The entry's lstat, or undefined when it does not exist; a symbolic link is refused (rule 9). */
export async function lstatInBundle(path: string, label: string): Promise<Stats | undefined> {
  try {
    const st = await lstat(path);
    if (st.isSymbolicLink()) refuse(9, `${label} is a symbolic link; a bundle may not contain any (nothing outside the bundle is read)`);
    return st;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

export interface ReadLimits {
  /** Larger files are refused under `rule`. */
  readonly maxBytes: number;
  /** The rule a missing, oversized or non-regular file breaks. */
  readonly rule: BundleRule;
}

/** The whole file, read once. Missing, too large, not a regular file: refused under `limits.rule`; a symbolic link or a file that changes while read: rule 9. */
export async function readBundleFile(path: string, label: string, limits: ReadLimits): Promise<Buffer> {
  const fh = await open(path, READ_FLAGS).catch((err: NodeJS.ErrnoException): never => {
    if (err.code === 'ENOENT') refuse(limits.rule, `${label} is missing`);
    if (err.code === 'ELOOP') refuse(9, `${label} is a symbolic link; a bundle may not contain any (nothing outside the bundle is read)`);
    return refuse(limits.rule, `${label} cannot be read: ${err.message}`, err);
  });
  try {
    const st = await fh.stat();
    if (!st.isFile()) refuse(limits.rule, `${label} is not a regular file`);
    if (st.size > limits.maxBytes) refuse(limits.rule, `${label} is ${st.size} bytes, more than the ${limits.maxBytes} allowed`);
    // One byte more than the limit is asked for, so growth while reading is seen.
    const buffer = Buffer.alloc(Math.min(st.size, limits.maxBytes) + 1);
    let filled = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
      if (filled === buffer.length) break;
    }
    if (filled !== st.size) refuse(9, `${label} changed while it was being read`);
    return buffer.subarray(0, filled);
  } finally {
    await fh.close();
  }
}

/** A folder of the bundle, which must be a real folder (not a link); undefined when absent. */
export async function bundleFolder(path: string, label: string, rule: BundleRule): Promise<Stats | undefined> {
  const st = await lstatInBundle(path, label);
  if (st && !st.isDirectory()) refuse(rule, `${label} is not a folder`);
  return st;
}

/** Rule 9: a folder must still be the very one found at the start (not swapped for a link meanwhile). */
export async function requireSameFolder(path: string, label: string, before: Stats | undefined): Promise<void> {
  const now = await lstatIfExists(path);
  const same =
    before === undefined ? now === undefined : now !== undefined && now.isDirectory() && now.dev === before.dev && now.ino === before.ino;
  if (!same) refuse(9, `${label} was replaced while the bundle was being verified`);
}
