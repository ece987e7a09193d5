// The offline cache: where it is, what it holds, what GC would delete.
import { z } from 'zod';

export const heldBundle = z.object({
  name: z.string(),
  site: z.string(),
  sequence: z.number().int(),
  created: z.string(),
  systems: z.array(z.object({ host: z.string(), toplevel: z.string() })),
});

export const cacheStatus = z.object({
  /** null when no cache has been chosen from this data folder yet. */
  root: z.string().nullable(),
  /** Why the chosen folder cannot be read as a cache, when that is so. */
  problem: z.string().nullable(),
  paths: z.number().int(),
  fileBytes: z.number(),
  narBytes: z.number(),
  totalBytes: z.number().nullable(),
  freeBytes: z.number().nullable(),
  bundles: z.array(heldBundle),
  unreadable: z.array(z.object({ file: z.string(), problem: z.string() })),
});
export type CacheStatusView = z.infer<typeof cacheStatus>;

export const gcPreview = z.object({
  keep: z.number().int(),
  keptBundles: z.array(z.string()),
  deletedBundles: z.array(z.string()),
  keptPaths: z.number().int(),
  deletedPaths: z.array(z.string()),
  orphanNarFiles: z.number().int(),
  bytes: z.number(),
});
export type GcPreviewView = z.infer<typeof gcPreview>;

export const gcInput = z.object({ keep: z.number().int().min(1).max(10_000) });
