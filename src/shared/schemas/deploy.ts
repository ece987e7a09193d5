// Deploys, switches and rollbacks as every face sees them: the bundles the
// offline cache holds for deploying, the plan per host before anything is
// sent, host operations as they run (phase, bytes, paths) and how each ended,
// and the deployment records the Host and Fleet screens read.
import { z } from 'zod';
import { profilePath } from './profiles';

export const activationAction = z.enum(['switch', 'boot', 'test', 'dry-activate']);
export type ActivationActionView = z.infer<typeof activationAction>;

/** An accepted bundle the cache holds, newest first: what can be deployed. */
export const deployableBundle = z.object({
  name: z.string(),
  sequence: z.number().int(),
  created: z.string(),
  description: z.string().nullable(),
  systems: z.array(z.object({ host: z.string(), toplevel: z.string(), action: activationAction })),
});
export type DeployableBundleView = z.infer<typeof deployableBundle>;

export const systemFacts = z.object({
  toplevel: z.string().nullable(),
  generation: z.number().int().nullable(),
  nixosVersion: z.string().nullable(),
  kernelVersion: z.string().nullable(),
});

export const hostPlan = z.object({
  host: z.string(),
  action: activationAction.nullable(),
  problem: z.string().nullable(),
  current: systemFacts,
  target: systemFacts,
  unchanged: z.boolean(),
  pathsToSend: z.number().int(),
  bytesToSend: z.number(),
  closurePaths: z.number().int(),
  rebootNeeded: z.boolean(),
});
export type HostPlanView = z.infer<typeof hostPlan>;

/** What the command line's `deploy` takes, option for option; what is left out takes the engine's defaults. */
export const deployInput = z
  .object({
    /** The bundle's sequence; the site is this data folder's. */
    bundle: z.number().int().min(1),
    /** The hosts by name, in this order (waves follow it); or `tag`, or `all`: exactly one of the three. */
    hosts: z.array(z.string().min(1).max(63)).min(1).max(10_000).optional(),
    tag: z.string().min(1).max(63).optional(),
    all: z.literal(true).optional(),
    action: activationAction.optional(),
    confirmTimeoutSeconds: z.number().int().min(1).max(86_400).optional(),
    /** False: no magic rollback (the new generation stays even if the host cannot be reached again). */
    magicRollback: z.boolean().optional(),
    parallel: z.number().int().min(1).max(1000).optional(),
    /** Wave sizes, e.g. "1,10%,100%"; the engine refuses a bad one as bad input saying what is wrong. */
    waves: z.string().max(500).optional(),
    maxFailed: z.number().int().min(0).max(100_000).optional(),
    /** A site mirror's name: each host pulls its system from it; 'push' falls back to the laptop for a host that cannot. */
    mirror: z.string().min(1).max(63).optional(),
    mirrorFallback: z.enum(['none', 'push']).optional(),
  })
  .refine((i) => [i.hosts !== undefined, i.tag !== undefined, i.all === true].filter(Boolean).length === 1, {
    message: 'name the hosts, or give a tag, or all (one of the three)',
  });
export type DeployInput = z.infer<typeof deployInput>;

export const hostPhase = z.enum(['waiting', 'probing', 'pushing', 'activating', 'confirming', 'rolling-back', 'rebooting', 'finished']);
export type HostPhaseView = z.infer<typeof hostPhase>;

const generationRef = z.object({ generation: z.number().int().nullable(), toplevel: z.string().nullable() });

export const hostOutcome = z.object({
  host: z.string(),
  outcome: z.enum(['succeeded', 'unchanged', 'rolled-back', 'failed', 'cancelled', 'not-started', 'inhibited']),
  reason: z.string().nullable(),
  deploymentId: z.number().int().nullable(),
  from: generationRef,
  to: generationRef,
  pushMethod: z.enum(['substitute', 'serve', 'mirror']).nullable(),
  /** What left the laptop for this host (0 when it pulled from a mirror). */
  pathsSent: z.number().int(),
  bytesSent: z.number(),
  /** With a mirror: what the host fetched from it, or why it could not (then the laptop pushed). */
  mirror: z
    .object({
      name: z.string(),
      url: z.string(),
      pathsFetched: z.number().int(),
      bytesFetched: z.number(),
      problem: z.string().nullable(),
    })
    .optional(),
  pushMs: z.number().nullable(),
  activationMs: z.number().nullable(),
  activationLog: z.string(),
  rebootNeeded: z.boolean().nullable(),
});
export type HostOutcomeView = z.infer<typeof hostOutcome>;

/** One host inside an operation: where it is now, and its outcome once it ended. */
export const hostProgress = z.object({
  host: z.string(),
  phase: hostPhase,
  bytesSent: z.number(),
  bytesTotal: z.number(),
  pathsSent: z.number().int(),
  pathsTotal: z.number().int(),
  message: z.string().nullable(),
  outcome: hostOutcome.nullable(),
  /** When work on this host began (its first step after waiting) and ended: its elapsed time. */
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
});
export type HostProgressView = z.infer<typeof hostProgress>;

/** What a deployment record is. */
export const deploymentKind = z.enum(['deploy', 'switch', 'rollback']);
/** What an operation is: a deployment kind, or an incident rollback of many hosts. */
export const operationKind = z.enum(['deploy', 'switch', 'rollback', 'incident', 'reboot']);

/** A deploy, switch or rollback the service runs, followed through 'operation' events. */
export const operationView = z.object({
  id: z.string(),
  kind: operationKind,
  /** What it does, in words: "accel-ctl-6 to host1, host2", "host1 to generation 1". */
  subject: z.string(),
  started: z.string(),
  finished: z.string().nullable(),
  status: z.enum(['running', 'finished']),
  cancelRequested: z.boolean(),
  hosts: z.array(hostProgress),
  /** Why the operation as a whole failed (no cache, the database), apart from any host. */
  error: z.string().nullable(),
  /** An incident operation's record, once preflight is done and the incident is recorded. */
  incidentId: z.number().int().optional(),
  /** A deploy's waves as they start and end; hosts of a wave 'not-started' were not touched. */
  waves: z
    .array(
      z.object({ number: z.number().int(), hosts: z.array(z.string()), status: z.enum(['waiting', 'running', 'finished', 'not-started']) }),
    )
    .optional(),
});
export type OperationView = z.infer<typeof operationView>;

export const switchInput = z.object({
  name: z.string().min(1).max(63),
  generation: z.number().int().min(1),
  reason: z.string().max(500).optional(),
  /** One of the host's Nix profiles; left out, the NixOS system (or a non-NixOS host's only profile). */
  profile: profilePath.optional(),
});

/** DESTRUCTIVE: the hosts restart; the operation waits for each to come back with a new boot id, then probes it. */
export const rebootInput = z.object({
  names: z.array(z.string().min(1).max(63)).min(1).max(1000),
  /** How long to wait for each host; the engine's default when left out. */
  waitSeconds: z.number().int().min(1).max(86_400).optional(),
  reason: z.string().max(500).optional(),
});

export const rollbackInput = z.object({
  name: z.string().min(1).max(63),
  /** The generation the operator confirmed; left out, the engine takes the recorded previous one. */
  to: z.number().int().min(1).optional(),
  reason: z.string().max(500).optional(),
  /** One of the host's Nix profiles; left out, the NixOS system (or a non-NixOS host's only profile). */
  profile: profilePath.optional(),
});

export const deploymentView = z.object({
  id: z.number().int(),
  host: z.string(),
  kind: deploymentKind,
  action: activationAction,
  bundle: z.string().nullable(),
  reason: z.string().nullable(),
  operator: z.string(),
  /** The station that made it, when another did (read back from the host's own records); null for this station's own. */
  station: z.string().nullable(),
  fromGeneration: z.number().int().nullable(),
  toGeneration: z.number().int().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  outcome: z.enum(['running', 'succeeded', 'rolled-back', 'failed', 'cancelled', 'inhibited']),
  outcomeReason: z.string().nullable(),
  bytesSent: z.number(),
  pathsSent: z.number().int(),
});
export type DeploymentView = z.infer<typeof deploymentView>;

export const deploymentsFilter = z.object({
  host: z.string().min(1).max(63).optional(),
  limit: z.number().int().min(1).max(10_000).optional(),
});
