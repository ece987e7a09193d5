// The rules of a manifest's `buildClosure` (bundle-format.md, "Format 2"): only
// in format 2, sorted in byte order with each path once, and each path listed
// in `paths` (so it is verified and imported like every other path).
import type { Manifest, ManifestPath } from './manifest-schema';
import { MANIFEST_FORMAT } from './manifest-schema';

/** The first build-closure rule `m` breaks, in words, or undefined. `sortedOnce` is manifest-rules.ts's order check. */
export function buildClosureProblem(
  m: Manifest,
  listed: ReadonlyMap<string, ManifestPath>,
  sortedOnce: (items: readonly string[], what: string) => string | undefined,
): string | undefined {
  const build = m.buildClosure;
  if (build === undefined) return undefined;
  if (m.format === MANIFEST_FORMAT) return `buildClosure is a format 2 field; a format 1 manifest (${MANIFEST_FORMAT}) may not have it`;
  const order = sortedOnce(build, 'buildClosure');
  if (order) return order;
  const stray = build.find((p) => !listed.has(p));
  if (stray) return `buildClosure lists ${stray}, which paths does not list (every path of the build closure must be in paths)`;
  return undefined;
}
