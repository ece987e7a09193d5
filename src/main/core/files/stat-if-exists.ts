// "Is it there?" answered honestly: only ENOENT and ENOTDIR mean absent. Any
// other failure (EIO from a dying stick, EACCES) is an error the operator must
// see, never a reason to act as if the file were not there.
import type { Stats } from 'node:fs';
import { lstat, stat } from 'node:fs/promises';

const ABSENT = new Set(['ENOENT', 'ENOTDIR']);

function absentOnly(err: unknown): undefined {
  if (ABSENT.has((err as NodeJS.ErrnoException).code ?? '')) return undefined;
  throw err;
}

/** The file's stats (following symbolic links), or undefined when nothing is there. */
export function statIfExists(path: string): Promise<Stats | undefined> {
  return stat(path).catch(absentOnly);
}

/** The stats of the link itself, or undefined when nothing is there. */
export function lstatIfExists(path: string): Promise<Stats | undefined> {
  return lstat(path).catch(absentOnly);
}
