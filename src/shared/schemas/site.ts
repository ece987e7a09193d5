// The site, whom it trusts, and the app's own settings.
import { z } from 'zod';

export const keyKind = z.enum(['bundle', 'nix']);

export const trustedKey = z.object({ kind: keyKind, name: z.string(), key: z.string(), added: z.string() });
export type TrustedKeyView = z.infer<typeof trustedKey>;

export const siteView = z.object({
  name: z.string(),
  created: z.string(),
  threshold: z.number().int(),
  bundleKeys: z.array(trustedKey),
  nixKeys: z.array(trustedKey),
  /** The highest sequence accepted (0: none yet); older bundles are refused (rule 3). */
  floor: z.number().int(),
  dataDir: z.string(),
});
export type SiteView = z.infer<typeof siteView>;

/** The first run's set-up of a site (`site init`): bundle keys as `name:base64`, K of them must sign. */
export const siteSetUp = z.object({
  name: z.string().min(1).max(63),
  bundleKeys: z.array(z.string().min(1).max(200)).max(64),
  threshold: z.number().int(),
});
export type SiteSetUpInput = z.infer<typeof siteSetUp>;

export const settings = z.object({
  /** How often the open window re-probes every host. */
  probeIntervalMs: z.number().int().min(1000).max(3_600_000),
  dataDir: z.string(),
  /** Folders treated as removable media besides those the OS reports (AIRLOCK_MEDIA_ROOTS). */
  mediaRoots: z.array(z.string()),
});
export type SettingsView = z.infer<typeof settings>;

export const settingsChange = settings.pick({ probeIntervalMs: true });
