// A full disk under the data folder reaches us from SQLite as "database or disk
// is full" or, from its write-ahead log, as a bare "disk I/O error". Neither
// says which disk or what wanted the space; this does, and says that SQLite's
// transaction left the site database as it was.
import { statfsSync } from 'node:fs';
import { Refusal } from '../refusal-error';
import { databasePath } from './database-path';

export class DataDiskFull extends Refusal {
  override readonly name = 'DataDiskFull';
  override readonly code = 'medium';
}

/** Under this much free space, an I/O error while writing the database is taken to be the disk filling up. */
const NEARLY_FULL_BYTES = 1 << 20;

function freeBytes(dir: string): number | undefined {
  try {
    const st = statfsSync(dir);
    return st.bavail * st.bsize;
  } catch {
    return undefined;
  }
}

/** Translates a database write failure caused by a full data disk; undefined for anything else. */
export function dataDiskProblem(err: unknown, dataDir: string): DataDiskFull | undefined {
  const code = (err as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string') return undefined;
  const full =
    code === 'SQLITE_FULL' ||
    code === 'ENOSPC' ||
    (code.startsWith('SQLITE_IOERR') && (freeBytes(dataDir) ?? Infinity) < NEARLY_FULL_BYTES);
  if (!full) return undefined;
  return new DataDiskFull(
    `the disk holding the data folder ${dataDir} is full: the site database (${databasePath(dataDir)}) needs space to record this. ` +
      `The site database was not changed. Free space on that disk (or use a data folder on another one: --data-dir or AIRLOCK_DATA_DIR), then run it again`,
    { cause: err, details: { dataDir } },
  );
}
