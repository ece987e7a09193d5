// The closure of one host's system as the offline cache holds it: every path
// the toplevel needs, read from the cache's own narinfos (signed, checked at
// import), in reference order (a path after everything it refers to), so a
// host can be sent them in an order that keeps its store valid at every step.
import { readCachedPath, type CachedPath } from '../../cache/cached-paths';
import type { CacheLayout } from '../../cache/cache-layout';
import { parseStorePath, printStorePath } from '../../nix/store-path';

export class ClosureIncompleteError extends Error {}

export interface HostClosure {
  readonly toplevel: string;
  /** Dependencies first; the toplevel last. */
  readonly paths: readonly CachedPath[];
}

export async function readHostClosure(layout: CacheLayout, toplevel: string): Promise<HostClosure> {
  const byPath = new Map<string, CachedPath>();
  const neededBy = new Map<string, string>();
  const queue = [toplevel];
  while (queue.length > 0) {
    const path = queue.pop() as string;
    if (byPath.has(path)) continue;
    const cached = await readCachedPath(layout, parseStorePath(path).hashPart).catch((err: Error) => {
      throw new ClosureIncompleteError(`the offline cache's narinfo for ${path} does not read: ${err.message}`);
    });
    if (!cached || printStorePath(cached.narinfo.storePath) !== path) {
      const why = path === toplevel ? '' : ` (needed by ${neededBy.get(path)})`;
      throw new ClosureIncompleteError(`the offline cache in ${layout.root} lacks ${path}${why}: import the bundle that carries it`);
    }
    byPath.set(path, cached);
    for (const ref of cached.narinfo.references) {
      const refPath = printStorePath(ref);
      if (!neededBy.has(refPath)) neededBy.set(refPath, path);
      queue.push(refPath);
    }
  }
  return { toplevel, paths: referenceOrder(byPath) };
}

/** Depth-first post-order over references: each path after its references (self-references ignored). */
function referenceOrder(byPath: ReadonlyMap<string, CachedPath>): CachedPath[] {
  const ordered: CachedPath[] = [];
  const done = new Set<string>();
  const visit = (path: string): void => {
    if (done.has(path)) return;
    done.add(path);
    const cached = byPath.get(path) as CachedPath;
    for (const ref of cached.narinfo.references) {
      const refPath = printStorePath(ref);
      if (refPath !== path) visit(refPath);
    }
    ordered.push(cached);
  };
  for (const path of [...byPath.keys()].sort()) visit(path);
  return ordered;
}
