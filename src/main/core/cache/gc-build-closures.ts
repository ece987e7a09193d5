// What gc keeps of build closures (bundle-format.md "Format 2"): a system's
// build closure stays as long as the system does, whether a kept bundle or a
// host still using it keeps the system. While a bundle's manifest is held its
// `buildClosure` says what that is; once gc has dropped the manifest (a host
// still runs the system), the narinfos still say it: a kept path's Deriver
// (the `.drv`, whose References hold every input `.drv` and source), and a
// fixed-output path (a fetched source) whose Deriver is kept.
import { STORE_DIR, storePathBaseName } from '../nix/store-path';
import type { CachedPath } from './cached-paths';
import type { HeldManifest } from './held-manifests';

const baseOf = (path: string): string => path.slice(`${STORE_DIR}/`.length);

/** Base names to keep beyond `kept` so that every kept system keeps what rebuilds it. */
function buildSeeds(held: ReadonlyMap<string, CachedPath>, manifests: readonly HeldManifest[], kept: ReadonlySet<string>): string[] {
  const seeds: string[] = [];
  for (const { manifest } of manifests) {
    if (manifest.buildClosure && manifest.systems.some((s) => kept.has(baseOf(s.toplevel))))
      seeds.push(...manifest.buildClosure.map(baseOf));
  }
  for (const p of held.values()) {
    const deriver = p.narinfo.deriver && storePathBaseName(p.narinfo.deriver);
    if (!deriver || !held.has(deriver)) continue;
    if (kept.has(p.baseName)) seeds.push(deriver);
    else if (kept.has(deriver) && p.narinfo.ca?.startsWith('fixed:')) seeds.push(p.baseName);
  }
  return seeds.filter((s) => !kept.has(s) && held.has(s));
}

/** `kept` grown, through References, until every kept system's build closure is in it. */
export function keepBuildClosures(
  held: ReadonlyMap<string, CachedPath>,
  manifests: readonly HeldManifest[],
  kept: Set<string>,
  closureOf: (held: ReadonlyMap<string, CachedPath>, seeds: Iterable<string>) => Set<string>,
): Set<string> {
  for (let seeds = buildSeeds(held, manifests, kept); seeds.length > 0; seeds = buildSeeds(held, manifests, kept)) {
    for (const path of closureOf(held, seeds)) kept.add(path);
  }
  return kept;
}
