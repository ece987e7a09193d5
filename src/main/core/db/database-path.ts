// Where the site database lives in a data folder. Its own module, without
// better-sqlite3, so code that only names the file (the full-disk message the
// command line may print) loads no SQLite.
import { join } from 'node:path';

export const DATABASE_FILE = 'airlock.db';

export function databasePath(dataDir: string): string {
  return join(dataDir, DATABASE_FILE);
}
