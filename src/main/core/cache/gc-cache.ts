// `airlock cache gc`, the half that deletes: carries out a plan planCacheGc
// made. DESTRUCTIVE.
//
// What can be lost: the store paths and manifests of bundles no longer kept.
// Getting a path back means importing a bundle that carries it; a deleted
// bundle itself is never accepted again, because the site's floor lives in the
// database and gc does not move it back (rule 3 refuses anything below it).
//
// What protects the rest: the plan keeps whole closures of kept bundles and of
// paths known hosts use, so every kept path's references stay. Deletion goes in
// the order an import writes, reversed: narinfos first, so a path stops being
// present before its NAR goes and no reader (Nix, an import's "already held")
// ever sees a narinfo whose NAR is missing; then those NAR files; then NAR
// files no narinfo names; then the manifests, last. An interrupted gc leaves
// only orphan NARs and manifests of bundles it meant to drop: running it
// again finishes the work, and `cache verify` passes in between.
import { rm } from 'node:fs/promises';
import type { CacheLayout } from './cache-layout';
import { syncDir } from '../files/durable-write';
import type { GcFile, GcPlan } from './gc-plan';

async function removeAll(files: readonly GcFile[]): Promise<void> {
  // One at a time: a failing medium stops the work at the first error.
  for (const { file } of files) await rm(file, { force: true });
}

export async function gcCache(layout: CacheLayout, plan: GcPlan): Promise<void> {
  await removeAll(plan.droppedPaths.map((p) => p.narinfo));
  await syncDir(layout.cacheDir);
  await removeAll(plan.narFiles);
  await removeAll(plan.orphanNars);
  await syncDir(layout.narDir);
  // The manifest before its signatures: `cache ls` lists a bundle by its manifest.
  await removeAll(plan.droppedBundles.flatMap((b) => b.files));
  await syncDir(layout.bundlesDir);
}
