// Media and bundle folders for the Media & import screen. Listing reads only
// what a bundle claims (bundle-summary.ts); inspecting checks its signatures
// against the site's keys; verifying is a job (service-jobs.ts).
import { lstat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ApiHandlers } from '../../shared/api';
import type { BundleFolderView, MediumView } from '../../shared/schemas';
import { MANIFEST_FILE } from './bundle/bundle-layout';
import { inspectBundle } from './bundle/inspect-bundle';
import { getSite } from './db/site-store';
import { toPublicKey } from './db/trusted-keys';
import { readBundleSummary } from './media/bundle-summary';
import { listMedia as findMediaNow } from './usecases/media';
import { scanMediumContents } from './media/medium-contents';
import type { ServiceContext } from './service-context';
import { Refusal } from './refusal-error';

export async function listMedia(ctx: ServiceContext): Promise<MediumView[]> {
  const media = await findMediaNow(ctx.uc);
  return media.map((m) => ({
    mountPoint: m.mountPoint,
    label: m.label,
    fsName: m.fsName,
    totalBytes: m.totalBytes,
    freeBytes: m.freeBytes,
    limits: m.limits,
    cache: m.cache && { path: m.cache.path, accepted: [...m.cache.accepted] },
    bundles: m.bundles.map((b) => ({ ...b, systems: [...b.systems] })),
    brokenBundles: [...m.brokenBundles],
  }));
}

/** The bundles in a folder: the folder itself when it is one, else those in it (and one level down). */
async function bundlesIn(folder: string): Promise<BundleFolderView> {
  const dir = resolve(folder);
  const st = await lstat(dir).catch(() => undefined);
  if (!st?.isDirectory()) throw new Refusal(`${dir} is not a folder`);
  if (await lstat(join(dir, MANIFEST_FILE)).catch(() => undefined)) {
    const one = await readBundleSummary(dir);
    if (one.ok) {
      const { ok: _ok, ...summary } = one;
      return { folder: dir, bundles: [{ ...summary, systems: [...summary.systems] }], broken: [] };
    }
    return { folder: dir, bundles: [], broken: [{ folder: one.folder, problem: one.problem }] };
  }
  const found = await scanMediumContents(dir);
  return { folder: dir, bundles: found.bundles.map((b) => ({ ...b, systems: [...b.systems] })), broken: [...found.brokenBundles] };
}

export function mediaHandlers(ctx: ServiceContext): Pick<ApiHandlers, 'mediaList' | 'bundlesList' | 'bundlesInspect'> {
  return {
    mediaList: async () => listMedia(ctx),
    bundlesList: async ({ folder }) => bundlesIn(folder),
    bundlesInspect: async ({ folder }) => {
      const site = getSite(ctx.uc.db());
      const keys = site ? site.bundleKeys.map(toPublicKey) : [];
      const r = await inspectBundle(resolve(folder), keys);
      return { folder: resolve(folder), signers: r.signers.map((s) => ({ keyName: s.keyName, status: s.status })), pathCount: r.pathCount, totalNarSize: r.totalNarSize, carried: r.carried, problems: [...r.problems] };
    },
  };
}
