// What two generations of a host differ in, read from the closures on the
// host: packages added, removed and changed (by name, with versions, as Nix's
// `nix store diff-closures` groups them), and the closure sizes.
import { z } from 'zod';

export const packageVersions = z.object({
  name: z.string(),
  /** Versions in the "from" closure ('' for a path whose name has none). */
  from: z.array(z.string()),
  to: z.array(z.string()),
  /** NAR bytes of its paths in "to" minus in "from". */
  sizeDelta: z.number(),
});
export type PackageVersionsView = z.infer<typeof packageVersions>;

export const closureDiff = z.object({
  host: z.string(),
  from: z.object({ generation: z.number().int(), toplevel: z.string(), closureBytes: z.number(), paths: z.number().int() }),
  to: z.object({ generation: z.number().int(), toplevel: z.string(), closureBytes: z.number(), paths: z.number().int() }),
  added: z.array(packageVersions),
  removed: z.array(packageVersions),
  changed: z.array(packageVersions),
});
export type ClosureDiffView = z.infer<typeof closureDiff>;

export const closureDiffInput = z.object({
  name: z.string().min(1).max(63),
  /** The generation to compare; the current one is the other side. */
  generation: z.number().int().min(1),
});

export const closureSizes = z.object({
  host: z.string(),
  /** Bytes of each generation's whole closure (NAR sizes), by generation number. */
  sizes: z.array(z.object({ generation: z.number().int(), closureBytes: z.number().nullable() })),
});
export type ClosureSizesView = z.infer<typeof closureSizes>;

/** A path of a closure with what it weighs alone (unique: what leaves the closure with it) and as a NAR. */
export const sizedPath = z.object({ path: z.string(), narSize: z.number(), uniqueSize: z.number() });

const closureSource = {
  host: z.string(),
  generation: z.number().int(),
  toplevel: z.string(),
  /** Read on the host, or from the offline cache's narinfos when the host was out of reach. */
  source: z.enum(['host', 'offline-cache']),
  hostError: z.string().optional(),
};

export const closureReport = z.object({
  ...closureSource,
  closureBytes: z.number(),
  paths: z.number().int(),
  byUniqueSize: z.array(sizedPath),
  byNarSize: z.array(sizedPath),
});
export type ClosureReportView = z.infer<typeof closureReport>;

export const closureReportInput = z.object({
  name: z.string().min(1).max(63),
  /** The generation to weigh; the running one when absent. */
  generation: z.number().int().min(1).optional(),
  top: z.number().int().min(1).max(10_000).optional(),
});

export const closureWhy = z.object({ ...closureSource, path: z.string(), chain: z.array(sizedPath) });
export type ClosureWhyView = z.infer<typeof closureWhy>;

export const closureWhyInput = z.object({
  name: z.string().min(1).max(63),
  generation: z.number().int().min(1).optional(),
  /** A store path, or a fragment of a name that only one path of the closure has. */
  path: z.string().min(1).max(300),
});
