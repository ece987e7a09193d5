// Which accepted bundle a deploy takes its systems from: one the offline cache
// holds (its manifest in bundles/), by sequence or the newest of the site.
import { readHeldManifests, type HeldManifest } from '../cache/held-manifests';
import type { CacheLayout } from '../cache/cache-layout';
import { Refusal } from '../refusal-error';

export class BundleChoiceError extends Refusal {}

export async function chooseBundle(layout: CacheLayout, site: string, which: number | 'latest'): Promise<HeldManifest> {
  const { manifests } = await readHeldManifests(layout).catch((err: Error) => {
    throw new BundleChoiceError(`cannot read the bundles the offline cache in ${layout.root} holds: ${err.message}`);
  });
  const ours = manifests.filter((m) => m.manifest.site === site).sort((a, b) => a.manifest.sequence - b.manifest.sequence);
  if (ours.length === 0)
    throw new BundleChoiceError(
      `the offline cache in ${layout.root} holds no bundle of site ${site}: import one with \`airlock cache import\``,
    );
  if (which === 'latest') return ours.at(-1) as HeldManifest;
  const found = ours.find((m) => m.manifest.sequence === which);
  if (!found)
    throw new BundleChoiceError(
      `the offline cache holds no bundle ${site}-${which} (it holds ${ours.map((m) => m.manifest.sequence).join(', ')})`,
    );
  return found;
}
