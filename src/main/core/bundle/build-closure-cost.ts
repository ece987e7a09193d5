// What carrying the build closure costs (`bundle inspect`, the Media screen):
// the paths only the build closure needs (not in any system's run-time
// closure), their NAR bytes, and the compressed bytes of those the bundle
// carries (a delta bundle may leave some out).
import { STORE_DIR } from '../nix/store-path';
import type { Manifest } from './manifest-schema';

export interface BuildClosureCost {
  /** Paths listed in `buildClosure`. */
  readonly paths: number;
  /** What the build closure adds to the run-time closures. */
  readonly added: {
    readonly paths: number;
    /** Sum of their NarSize. */
    readonly narBytes: number;
    /** How many of them the bundle carries, and their NAR files' bytes (compressed). */
    readonly carried: number;
    readonly fileBytes: number;
  };
}

/** Undefined when the manifest has no build closure. `fileBytesOf` gives a carried path's NAR file size. */
export function buildClosureCost(m: Manifest, fileBytesOf: ReadonlyMap<string, number>): BuildClosureCost | undefined {
  if (m.buildClosure === undefined) return undefined;
  const byPath = new Map(m.paths.map((p) => [p.path, p]));
  const runtime = new Set<string>();
  const queue = m.systems.map((s) => s.toplevel);
  for (let path = queue.pop(); path !== undefined; path = queue.pop()) {
    if (runtime.has(path)) continue;
    runtime.add(path);
    for (const ref of byPath.get(path)?.references ?? []) queue.push(`${STORE_DIR}/${ref}`);
  }
  const added = m.buildClosure.filter((p) => !runtime.has(p));
  const carried = added.filter((p) => fileBytesOf.has(p));
  return {
    paths: m.buildClosure.length,
    added: {
      paths: added.length,
      narBytes: added.reduce((n, p) => n + (byPath.get(p)?.narSize ?? 0), 0),
      carried: carried.length,
      fileBytes: carried.reduce((n, p) => n + (fileBytesOf.get(p) ?? 0), 0),
    },
  };
}
