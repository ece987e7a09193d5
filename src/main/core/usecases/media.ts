// Removable media mounted now, with their free space, limits, and any offline
// cache or bundles on them (AIRLOCK_MEDIA_ROOTS names more folders to treat as media).
import { join, resolve } from 'node:path';
import { MANIFEST_FILE } from '../bundle/bundle-layout';
import { readBundleSummary } from '../media/bundle-summary';
import { findMedia, mediaRootsFromEnv, type Medium } from '../media/find-media';
import { scanMediumContents, type MediumContents } from '../media/medium-contents';
import { Refusal } from '../refusal-error';
import type { UseCaseContext } from './context';
import { lstatIfExists } from '../files/stat-if-exists';
import { listAcceptedBundles, siteFloor } from '../db/accepted-bundles';
import { getSite } from '../db/site-store';
import { bundleStanding, type BundleStanding } from '../operations/bundle-standing';

export type { Medium } from '../media/find-media';
/** Which folders count as media besides the usual mount points (AIRLOCK_MEDIA_ROOTS), and a volume's total and free bytes. */
export { mediaRootsFromEnv } from '../media/find-media';
export { volumeSpace } from '../media/volume-space';
export type { BundleStanding } from '../operations/bundle-standing';

/**
 * How each bundle found on a medium stands against this data folder's site
 * (already imported, below the floor, another site's, or new); undefined in a
 * data folder with no site, where every bundle is simply unknown.
 */
export function bundleStandings(uc: UseCaseContext): ((b: { site: string; sequence: number }) => BundleStanding) | undefined {
  const db = uc.db();
  const site = getSite(db);
  if (!site) return undefined;
  const accepted = new Set(
    listAcceptedBundles(db)
      .filter((a) => a.site === site.name)
      .map((a) => a.sequence),
  );
  const known = { name: site.name, floor: siteFloor(db), accepted };
  return (b) => bundleStanding(b, known);
}

export function listMedia(uc: UseCaseContext): Promise<readonly Medium[]> {
  return findMedia({ roots: mediaRootsFromEnv(uc.env) });
}

/** The bundles in a folder: the folder itself when it is one, else those in it (and one level down), and those that cannot be read. */
export async function listBundlesIn(
  folder: string,
): Promise<{ readonly folder: string } & Pick<MediumContents, 'bundles' | 'brokenBundles'>> {
  const dir = resolve(folder);
  const st = await lstatIfExists(dir);
  if (!st?.isDirectory()) throw new Refusal(`${dir} is not a folder`);
  if (await lstatIfExists(join(dir, MANIFEST_FILE))) {
    const one = await readBundleSummary(dir);
    if (!one.ok) return { folder: dir, bundles: [], brokenBundles: [{ folder: one.folder, problem: one.problem }] };
    const { ok: _ok, ...summary } = one;
    return { folder: dir, bundles: [summary], brokenBundles: [] };
  }
  const found = await scanMediumContents(dir);
  return { folder: dir, bundles: found.bundles, brokenBundles: found.brokenBundles };
}
