// Incident mode (issue 6) as every face sees it: how the affected hosts are
// chosen, each host's plan (its last known good target, the package diff,
// reboot, preflight problem), the incident's record per host and its report.
// Arrays are readonly so the engine's own readonly records pass as they are.
import { z } from 'zod';
import { packageVersions } from './closures';

export const incidentSelection = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('hosts'), names: z.array(z.string().min(1).max(63)).min(1).max(10_000) }),
  z.object({ kind: z.literal('tag'), tag: z.string().min(1).max(63) }),
  /** The hosts the newest deployed bundle changed; each goes back to what was good before it. */
  z.object({ kind: z.literal('latest-deployment') }),
]);
export type IncidentSelectionView = z.infer<typeof incidentSelection>;

export const selectedHosts = z.object({ hosts: z.array(z.string()).readonly(), selection: z.string() });
export type SelectedHostsView = z.infer<typeof selectedHosts>;

export const systemRef = z.object({
  generation: z.number().int().nullable(),
  toplevel: z.string().nullable(),
  kernelVersion: z.string().nullable().optional(),
});
export type SystemRefView = z.infer<typeof systemRef>;

export const lastKnownGood = z.object({
  generation: z.number().int(),
  toplevel: z.string(),
  deploymentId: z.number().int().nullable(),
  confirmedAt: z.string(),
  source: z.enum(['confirmed', 'adopted', 'picked']).optional(),
});

const pkg = packageVersions.extend({ from: z.array(z.string()).readonly(), to: z.array(z.string()).readonly() });
export const packageDiff = z.object({
  added: z.array(pkg).readonly(),
  removed: z.array(pkg).readonly(),
  changed: z.array(pkg).readonly(),
  fromBytes: z.number(),
  toBytes: z.number(),
});
export type PackageDiffView = z.infer<typeof packageDiff>;

export const incidentHostPlan = z.object({
  host: z.string(),
  current: systemRef,
  target: lastKnownGood.nullable(),
  /** Why preflight leaves the host out; null: it goes ahead. */
  problem: z.string().nullable(),
  unchanged: z.boolean(),
  diff: packageDiff.nullable(),
  rebootNeeded: z.boolean(),
});
export type IncidentHostPlanView = z.infer<typeof incidentHostPlan>;

export const incidentPlan = z.object({ selection: z.string(), hosts: z.array(incidentHostPlan).readonly() });
export type IncidentPlanView = z.infer<typeof incidentPlan>;

export const incidentMode = z.enum(['parallel', 'canary']);

export const incidentStartInput = z.object({
  selection: incidentSelection,
  reason: z.string().trim().min(1).max(2000),
  mode: incidentMode,
  /** At most this many hosts at once (after the canary in canary mode). */
  parallel: z.number().int().min(1).max(64),
});

export const healthResult = z.object({ check: z.string(), ok: z.boolean(), detail: z.string() });

export const incidentHostStatus = z.enum(['rolled-back', 'unchanged', 'failed', 'left-out', 'not-started']);
export type IncidentHostStatusView = z.infer<typeof incidentHostStatus>;

export const incidentHostResult = z.object({
  host: z.string(),
  status: incidentHostStatus,
  reason: z.string().nullable(),
  canary: z.boolean(),
  before: systemRef,
  target: lastKnownGood.nullable(),
  after: systemRef.nullable(),
  deploymentId: z.number().int().nullable(),
  health: z.array(healthResult).readonly(),
  rebootNeeded: z.boolean().nullable(),
  diff: packageDiff.nullable(),
});
export type IncidentHostResultView = z.infer<typeof incidentHostResult>;

export const incidentRecord = z.object({
  id: z.number().int(),
  reason: z.string(),
  operator: z.string(),
  mode: incidentMode,
  parallel: z.number().int(),
  selection: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  outcome: z.enum(['running', 'succeeded', 'partial', 'failed']),
  hosts: z.array(incidentHostResult).readonly(),
  startAuditId: z.number().int(),
  endAuditId: z.number().int().nullable(),
  reportFile: z.string().nullable(),
});
export type IncidentRecordView = z.infer<typeof incidentRecord>;

export const incidentId = z.object({ id: z.number().int().min(1) });

/** The report as Markdown text, and where the run saved it on the deploy station (null if never saved). */
export const incidentReport = z.object({ id: z.number().int(), fileName: z.string(), file: z.string().nullable(), markdown: z.string() });
export type IncidentReportView = z.infer<typeof incidentReport>;
