// Removable media and the bundles found on them or in a chosen folder.
import { z } from 'zod';

export const bundleSummary = z.object({
  folder: z.string(),
  site: z.string(),
  sequence: z.number().int(),
  created: z.string(),
  expires: z.string().nullable(),
  description: z.string().nullable(),
  systems: z.array(z.object({ host: z.string(), action: z.string() })),
  /**
   * Where it stands against the site, from what it claims (verifying checks it all):
   * already imported, below the accepted floor (a newer one was accepted), another site's, or new.
   * null in a data folder with no site.
   */
  standing: z.enum(['new', 'imported', 'below-floor', 'other-site']).nullable(),
});
export type BundleSummaryView = z.infer<typeof bundleSummary>;

export const brokenBundle = z.object({ folder: z.string(), problem: z.string() });

export const medium = z.object({
  mountPoint: z.string(),
  label: z.string().nullable(),
  fsName: z.string(),
  totalBytes: z.number().nullable(),
  freeBytes: z.number().nullable(),
  limits: z.string().nullable(),
  cache: z.object({ path: z.string(), accepted: z.array(z.object({ site: z.string(), sequence: z.number() })) }).nullable(),
  bundles: z.array(bundleSummary),
  brokenBundles: z.array(brokenBundle),
});
export type MediumView = z.infer<typeof medium>;

export const bundleFolder = z.object({
  folder: z.string(),
  bundles: z.array(bundleSummary),
  broken: z.array(brokenBundle),
});
export type BundleFolderView = z.infer<typeof bundleFolder>;

/** Who signed, checked against the site's trusted bundle keys. */
export const bundleInspection = z.object({
  folder: z.string(),
  signers: z.array(z.object({ keyName: z.string(), status: z.enum(['valid', 'invalid', 'unknown-key']) })),
  pathCount: z.number().int(),
  totalNarSize: z.number(),
  carried: z.object({ count: z.number().int(), narBytes: z.number(), fileBytes: z.number() }),
  problems: z.array(z.string()),
  /** Format 2: what the build closure adds to the run-time closures (paths, NAR bytes, compressed bytes carried). */
  buildClosure: z
    .object({
      paths: z.number().int(),
      added: z.object({ paths: z.number().int(), narBytes: z.number(), carried: z.number().int(), fileBytes: z.number() }),
    })
    .optional(),
});
export type BundleInspectionView = z.infer<typeof bundleInspection>;
