// Hosts as the UI sees them: what is stored (address, tags, pinned key) and
// what the last probe found (reachable, generations, reboot needed).
import { z } from 'zod';
import { deploymentView } from './deploy';
import { lastKnownGood } from './incident';

export const generationInfo = z.object({
  generation: z.number().int(),
  date: z.string().nullable(),
  toplevel: z.string().nullable(),
  current: z.boolean(),
  booted: z.boolean(),
  default: z.boolean(),
  nixosVersion: z.string().nullable(),
  kernelVersion: z.string().nullable(),
});
export type GenerationInfo = z.infer<typeof generationInfo>;

export const hostProbe = z.object({
  name: z.string(),
  reachable: z.boolean(),
  error: z.string().optional(),
  nixVersion: z.string().nullable(),
  current: z.string().nullable(),
  booted: z.string().nullable(),
  defaultGeneration: z.number().int().nullable(),
  generations: z.array(generationInfo),
  freeBytesNix: z.number().nullable(),
  rebootNeeded: z.boolean(),
  /** When the probe answered (RFC 3339), so the screen can say how fresh it is. */
  probedAt: z.string(),
  /**
   * When the host last answered. An unreachable host keeps what it said then
   * (generations, versions, free space), shown greyed as "last seen"; null when
   * it has not answered since start-up, and the fields above are then empty.
   */
  lastSeenAt: z.string().nullable(),
  /** Where "Roll back" goes, as the engine decides it from the records; null, with why, when it cannot say. */
  rollback: z.object({ to: z.number().int().nullable(), why: z.string().nullable() }),
});
export type HostProbeView = z.infer<typeof hostProbe>;

export const hostSummary = z.object({
  name: z.string(),
  address: z.string(),
  port: z.number().int(),
  user: z.string(),
  tags: z.array(z.string()),
  keyType: z.string(),
  fingerprint: z.string(),
  added: z.string(),
  /** The last probe, or null when the host has not been probed since start-up. */
  probe: hostProbe.nullable(),
  /** The host's newest deployment record (deploy, switch or rollback), for the Fleet's "last deployment". */
  lastDeployment: deploymentView.nullable(),
  /** What holds the host now, from any Airlock process on this machine (app, console, command line), e.g. "deploy of accel-7". */
  busyWith: z.string().nullable(),
  /** The generation last confirmed healthy, which an incident rollback returns the host to; null when none is on record. */
  lastKnownGood: lastKnownGood.nullable(),
  /** The system the newest held bundle carries for the host; null when none does, or no offline cache can be read. */
  latestBundleSystem: z.object({ bundle: z.string(), sequence: z.number().int(), toplevel: z.string() }).nullable(),
});
export type HostSummary = z.infer<typeof hostSummary>;

// Validated again by the engine (remote/validate.ts); these only bound the shape.
export const hostEndpoint = z.object({
  address: z.string().min(1).max(255),
  port: z.number().int().min(1).max(65535),
});

/** The keys an endpoint offers; with the name the host will have, a name already taken is refused before any key is fetched. */
export const keyScan = hostEndpoint.extend({ name: z.string().min(1).max(63).optional() });

export const scannedKey = z.object({ type: z.string(), fingerprint: z.string() });
export type ScannedKey = z.infer<typeof scannedKey>;

export const newHost = hostEndpoint.extend({
  name: z.string().min(1).max(63),
  user: z.string().min(1).max(32),
  identity: z.string().min(1).optional(),
  tags: z.array(z.string().min(1).max(63)).max(32),
  /** The fingerprint the operator confirmed in the first-contact dialog. */
  fingerprint: z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/),
});
export type NewHostInput = z.infer<typeof newHost>;

/** `host set` from the Host screen: a field left out stays; `tags: []` clears them. The pinned key stays. */
export const hostEdit = z.object({
  name: z.string().min(1).max(63),
  address: z.string().min(1).max(255).optional(),
  port: z.number().int().min(1).max(65535).optional(),
  user: z.string().min(1).max(32).optional(),
  tags: z.array(z.string().min(1).max(63)).max(32).optional(),
});
export type HostEditInput = z.infer<typeof hostEdit>;

/** A generation marked bad: it no longer counts as last known good (incidents, cleaning). */
export const badMark = z.object({
  host: z.string(),
  generation: z.number().int(),
  toplevel: z.string(),
  reason: z.string().nullable(),
  operator: z.string(),
  at: z.string(),
});
export type BadMarkView = z.infer<typeof badMark>;

export const generationMarkInput = z.object({
  name: z.string().min(1).max(63),
  generation: z.number().int().min(1),
  reason: z.string().max(500).optional(),
});
