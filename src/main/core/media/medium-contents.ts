// What Airlock finds on a medium: an offline cache at <medium>/airlock, and
// bundle folders (*.airlock) at the top or one folder down, where people put
// them when they copy a bundle over. Symbolic links are never followed.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CACHE_DIR, NIX_CACHE_INFO_FILE } from '../bundle/bundle-layout';
import { readBundleSummary, type BrokenBundle, type BundleSummary } from './bundle-summary';
import { lstatIfExists } from '../files/stat-if-exists';

/** bundle-format.md: the offline cache lives at <medium>/airlock. */
export const MEDIUM_CACHE_DIR = 'airlock';
const ACCEPTED_DIR = 'bundles';
const BUNDLE_SUFFIX = '.airlock';
/** Folders no one copies a bundle into, and that can be large or unreadable. */
const SKIPPED = new Set(['System Volume Information', '$RECYCLE.BIN', 'lost+found', '.Trashes', '.Spotlight-V100', '.fseventsd']);

export interface OfflineCacheSummary {
  /** The folder to pass as --cache. */
  readonly path: string;
  /** Accepted manifests in <cache>/bundles, as <site>-<sequence>, oldest first. */
  readonly accepted: readonly { readonly site: string; readonly sequence: number }[];
}

export interface MediumContents {
  readonly cache: OfflineCacheSummary | null;
  readonly bundles: readonly BundleSummary[];
  readonly brokenBundles: readonly BrokenBundle[];
}

async function subfolders(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  // Dirent.isDirectory() is false for a symlink to a folder: those are skipped.
  return entries.filter((e) => e.isDirectory() && !e.name.startsWith('.') && !SKIPPED.has(e.name)).map((e) => e.name);
}

async function findCache(mountPoint: string): Promise<OfflineCacheSummary | null> {
  const path = join(mountPoint, MEDIUM_CACHE_DIR);
  const info = await lstatIfExists(join(path, CACHE_DIR, NIX_CACHE_INFO_FILE));
  if (!info?.isFile()) return null;
  const names = await readdir(join(path, ACCEPTED_DIR)).catch(() => [] as string[]);
  const accepted = names
    .map((n) => /^([a-z0-9][a-z0-9-]{0,62})-(\d+)\.json$/.exec(n))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ site: m[1] as string, sequence: Number(m[2]) }))
    .sort((a, b) => a.site.localeCompare(b.site) || a.sequence - b.sequence);
  return { path, accepted };
}

async function findBundleFolders(mountPoint: string): Promise<string[]> {
  const found: string[] = [];
  for (const name of await subfolders(mountPoint)) {
    const path = join(mountPoint, name);
    if (name.endsWith(BUNDLE_SUFFIX)) {
      found.push(path);
      continue;
    }
    for (const inner of await subfolders(path)) if (inner.endsWith(BUNDLE_SUFFIX)) found.push(join(path, inner));
  }
  return found.sort();
}

export async function scanMediumContents(mountPoint: string): Promise<MediumContents> {
  const [cache, folders] = await Promise.all([findCache(mountPoint), findBundleFolders(mountPoint)]);
  const bundles: BundleSummary[] = [];
  const brokenBundles: BrokenBundle[] = [];
  for (const reading of await Promise.all(folders.map(readBundleSummary))) {
    if (reading.ok) {
      const { ok: _ok, ...summary } = reading;
      bundles.push(summary);
    } else brokenBundles.push({ folder: reading.folder, problem: reading.problem });
  }
  bundles.sort((a, b) => a.site.localeCompare(b.site) || a.sequence - b.sequence);
  return { cache, bundles, brokenBundles };
}
