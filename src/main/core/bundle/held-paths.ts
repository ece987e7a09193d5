// Paths a delta bundle leaves out (bundle-format.md, "Carried and not
// carried"): acceptable only when the receiving cache holds them with the same
// NarHash, NarSize and References. The build side (`create --base`) and the
// receiving side (rule 8) apply the same test.
import { hashesEqual, parseHash } from '../nix/hash';
import { STORE_DIR } from '../nix/store-path';
import type { CacheLookup, HeldPath } from './cache-lookup';
import type { ManifestPath } from './manifest-schema';
import { refuse } from './refusal';

export function heldAlike(entry: ManifestPath, held: HeldPath): boolean {
  let sameHash: boolean;
  try {
    sameHash = hashesEqual(parseHash(held.narHash), parseHash(entry.narHash));
  } catch {
    sameHash = false;
  }
  const refs = [...held.references].sort();
  const expected = [...entry.references].sort();
  return sameHash && held.narSize === entry.narSize && refs.length === expected.length && refs.every((r, i) => r === expected[i]);
}

const baseNameOf = (path: string): string => path.slice(STORE_DIR.length + 1);

/** The paths of `entries` that `cache` holds alike. */
export async function pathsHeldAlike(cache: CacheLookup, entries: readonly ManifestPath[]): Promise<Set<string>> {
  const held = new Set<string>();
  for (const entry of entries) {
    const found = await cache.held(baseNameOf(entry.path));
    if (found && heldAlike(entry, found)) held.add(entry.path);
  }
  return held;
}

/** Rule 8: every listed path not carried is held alike by the receiving cache; returns those paths. */
export async function requireHeld(
  paths: readonly ManifestPath[],
  carried: ReadonlySet<string>,
  cache: CacheLookup | undefined,
): Promise<string[]> {
  const held: string[] = [];
  for (const entry of paths) {
    if (carried.has(entry.path)) continue;
    const found = cache ? await cache.held(baseNameOf(entry.path)) : undefined;
    if (!found) {
      refuse(
        8,
        `${entry.path} is neither carried by the bundle nor held by the receiving cache${cache ? '' : ' (no offline cache was given to check against)'}`,
      );
    }
    if (!heldAlike(entry, found))
      refuse(8, `${entry.path} is not carried, and the receiving cache holds it with a different NarHash, NarSize or References`);
    held.push(entry.path);
  }
  return held;
}
