// A host's Nix profiles (issue 12) as the Host screen shows them: one section
// per profile, its generations newest first, who deployed each.
import { z } from 'zod';

export const profileGeneration = z.object({
  generation: z.number().int(),
  /** The store path this generation points at. */
  toplevel: z.string(),
  current: z.boolean(),
  /** Who deployed it, by this station's records; null when none says. */
  deployedBy: z.object({ operator: z.string(), bundle: z.string().nullable(), confirmed: z.boolean() }).nullable(),
});
export type ProfileGenerationInfo = z.infer<typeof profileGeneration>;

export const hostProfile = z.object({
  host: z.string(),
  /** The profile's path on the host. */
  profile: z.string(),
  /** Newest first. */
  generations: z.array(profileGeneration),
  /** Where "Roll back" takes it, by the records; null when no record says. */
  rollbackTo: z.number().int().nullable(),
  /** Why its generations could not be read; null when they were. */
  error: z.string().nullable(),
});
export type HostProfileInfo = z.infer<typeof hostProfile>;

/** One of the host's profiles, by its path on the host (validated again by the engine). */
export const profilePath = z.string().min(2).max(4096);
