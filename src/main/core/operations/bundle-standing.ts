// Where a bundle found on a medium stands against the site, before anyone
// verifies it: already imported (nothing to do), below the accepted floor
// (rule 3 will refuse it: a newer one was accepted), for another site
// (rule 3 again), or new. Read from what the bundle claims; verifying still
// checks every signature and hash.
import type { SiteFloor } from '../bundle/site-trust';

export type BundleStanding = 'new' | 'imported' | 'below-floor' | 'other-site';

export function bundleStanding(
  bundle: { readonly site: string; readonly sequence: number },
  site: { readonly name: string; readonly floor: SiteFloor; readonly accepted: ReadonlySet<number> },
): BundleStanding {
  if (bundle.site !== site.name) return 'other-site';
  if (site.accepted.has(bundle.sequence)) return 'imported';
  return bundle.sequence < site.floor.sequence ? 'below-floor' : 'new';
}
