// Media and bundle folders for the Media & import screen, as views of the
// media and bundle use cases. Listing reads only what a bundle claims;
// inspecting checks its signatures against the site's keys; verifying is a job.
import { resolve } from 'node:path';
import type { ApiHandlers } from '../../../shared/api';
import type { BundleSummaryView, MediumView } from '../../../shared/schemas';
import type { ServiceContext } from './context';
import { inspectBundle } from '../usecases/bundles';
import { bundleStandings, listMedia as findMediaNow, listBundlesIn } from '../usecases/media';

type Claimed = { readonly site: string; readonly sequence: number; readonly systems: readonly { host: string; action: string }[] };

/** A bundle summary as the screens show it, with where it stands against the site. */
function withStanding(
  ctx: ServiceContext,
): <B extends Claimed>(b: B) => B & { systems: { host: string; action: string }[]; standing: BundleSummaryView['standing'] } {
  const standing = bundleStandings(ctx.uc);
  return (b) => ({ ...b, systems: [...b.systems], standing: standing ? standing(b) : null });
}

export async function listMedia(ctx: ServiceContext): Promise<MediumView[]> {
  const media = await findMediaNow(ctx.uc);
  const view = withStanding(ctx);
  return media.map((m) => ({
    mountPoint: m.mountPoint,
    label: m.label,
    fsName: m.fsName,
    totalBytes: m.totalBytes,
    freeBytes: m.freeBytes,
    limits: m.limits,
    cache: m.cache && { path: m.cache.path, accepted: [...m.cache.accepted] },
    bundles: m.bundles.map(view),
    brokenBundles: [...m.brokenBundles],
  }));
}

export function mediaHandlers(ctx: ServiceContext): Pick<ApiHandlers, 'mediaList' | 'bundlesList' | 'bundlesInspect'> {
  return {
    mediaList: async () => listMedia(ctx),
    bundlesList: async ({ folder }) => {
      const found = await listBundlesIn(folder);
      return {
        folder: found.folder,
        bundles: found.bundles.map(withStanding(ctx)),
        broken: [...found.brokenBundles],
      };
    },
    bundlesInspect: async ({ folder }) => {
      const r = await inspectBundle(ctx.uc, resolve(folder));
      return {
        folder: resolve(folder),
        signers: r.signers.map((s) => ({ keyName: s.keyName, status: s.status })),
        pathCount: r.pathCount,
        totalNarSize: r.totalNarSize,
        carried: r.carried,
        problems: [...r.problems],
        ...(r.buildClosure ? { buildClosure: r.buildClosure } : {}),
      };
    },
  };
}
