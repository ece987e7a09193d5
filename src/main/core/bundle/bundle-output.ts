// The folder a new bundle is written into: it must not exist or be empty (a
// bundle is never written over anything), and when creation fails, what was
// written is removed again, so a folder is a bundle only when complete.
import { lstat, mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { CACHE_DIR, MANIFEST_FILE, NAR_DIR, SIGNATURES_FILE } from './bundle-layout';

export interface BundleOutput {
  readonly dir: string;
  readonly cacheDir: string;
  readonly narDir: string;
  /** Removes what creation wrote: the whole folder when it made it, else only the bundle's own entries. */
  discard(): Promise<void>;
}

export async function prepareBundleOutput(dir: string): Promise<BundleOutput> {
  const st = await lstat(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  if (st && !st.isDirectory()) throw new Error(`${dir} exists and is not a folder; choose a new folder for the bundle`);
  if (st && (await readdir(dir)).length > 0) throw new Error(`${dir} is not empty; a bundle is written only into a new or empty folder`);
  const madeHere = !st;
  if (madeHere) await mkdir(dir, { recursive: true });
  const cacheDir = join(dir, CACHE_DIR);
  const narDir = join(cacheDir, NAR_DIR);
  await mkdir(narDir, { recursive: true });
  return {
    dir,
    cacheDir,
    narDir,
    async discard() {
      // Only what this creation wrote: the folder was new, or empty before it began.
      if (madeHere) await rm(dir, { recursive: true, force: true });
      else for (const name of [CACHE_DIR, MANIFEST_FILE, SIGNATURES_FILE]) await rm(join(dir, name), { recursive: true, force: true });
    },
  };
}
