// Health checks (run after every activation) per host or per tag, and the
// cleaning of a host's old generations by policy, as the faces see them.
import { z } from 'zod';

const scope = z.union([z.object({ host: z.string().min(1).max(63) }), z.object({ tag: z.string().min(1).max(63) })]);

export const healthCheckSpec = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('command'),
    /** Run by `sh -c` on the host. */
    command: z.string().trim().min(1).max(1000),
    expectStatus: z.number().int().min(0).max(255),
    timeoutSeconds: z.number().int().min(1).max(3600),
  }),
  /** Reached from the deploy station, not from the host. */
  z.object({ kind: z.literal('tcp'), port: z.number().int().min(1).max(65535), timeoutSeconds: z.number().int().min(1).max(3600) }),
]);
export type HealthCheckSpecView = z.infer<typeof healthCheckSpec>;

export const healthCheckInput = z.object({ scope, spec: healthCheckSpec });
export type HealthCheckInput = z.infer<typeof healthCheckInput>;

export const healthCheck = z.object({
  id: z.number().int(),
  added: z.string(),
  /** Exactly one of host and tag is set. */
  host: z.string().nullable(),
  tag: z.string().nullable(),
  spec: healthCheckSpec,
});
export type HealthCheckView = z.infer<typeof healthCheck>;

export const cleanInput = z.object({ name: z.string().min(1).max(63), keep: z.number().int().min(1).max(1000) });

export const keepReason = z.enum(['newest', 'current', 'booted', 'default', 'last-known-good']);
export type KeepReasonView = z.infer<typeof keepReason>;

export const generationClean = z.object({
  host: z.string(),
  /** False for a preview: nothing was deleted. */
  applied: z.boolean(),
  plan: z.object({
    keepNewest: z.number().int(),
    kept: z.array(z.object({ generation: z.number().int(), why: z.array(keepReason).readonly() })).readonly(),
    deleted: z.array(z.object({ generation: z.number().int(), date: z.string().nullable(), toplevel: z.string().nullable() })).readonly(),
  }),
});
export type GenerationCleanView = z.infer<typeof generationClean>;

/** The run names the generations the operator confirmed; a fresh plan that would delete others is refused. */
export const cleanRunInput = cleanInput.extend({ generations: z.array(z.number().int().min(1)).min(1).max(10_000) });
