// What an incident rollback plans and ends with, per host, as every face
// (command line, app, report) shows it. Plain data: stored as JSON in the
// incident row and sent over IPC as is.
import type { HealthResult } from '../remote/activate/health-checks';
import type { ClosureComparison } from '../remote/closure-diff';

/** The generation a host goes back to, and the record that proved it healthy. */
export interface LastKnownGood {
  readonly generation: number;
  readonly toplevel: string;
  /** The deployment row whose health checks passed and was confirmed over a new connection; null when adopted or picked. */
  readonly deploymentId: number | null;
  /** When it was confirmed, adopted or picked. */
  readonly confirmedAt: string;
  /** confirmed: by a deployment row; adopted: running, probed healthy, when the host was added; picked: by the operator in the incident. Absent in records written before it existed (confirmed). */
  readonly source?: 'confirmed' | 'adopted' | 'picked';
}

export interface SystemRef {
  readonly generation: number | null;
  readonly toplevel: string | null;
  readonly kernelVersion?: string | null;
}

export interface IncidentHostPlan {
  readonly host: string;
  /** On a host with no NixOS system: the Nix profile that goes back (its only one); absent: the host's system. */
  readonly profile?: string;
  readonly current: SystemRef;
  readonly target: LastKnownGood | null;
  /** Why the host is left out (unreachable, no known good generation, target deleted); null: it goes ahead. */
  readonly problem: string | null;
  /** It already runs its last known good generation: nothing to do. */
  readonly unchanged: boolean;
  /** Packages from the current system to the target, read on the host; null when it could not be read. */
  readonly diff: ClosureComparison | null;
  /** The target's kernel differs from the booted one: it only runs fully after a reboot. */
  readonly rebootNeeded: boolean;
  /** The generations on the host that the operator may pick as its target instead, newest first (empty when unreachable). */
  readonly choices: readonly PickableGeneration[];
}

/** A generation on the host, as the operator picks an incident target from it. */
export interface PickableGeneration {
  readonly generation: number;
  readonly toplevel: string;
  /** RFC 3339: when the generation was made; null when unknown. */
  readonly date: string | null;
  readonly current: boolean;
  readonly nixosVersion: string | null;
}

/**
 * rolled-back: runs its last known good generation now; unchanged: it already did;
 * failed: tried and did not get there (why says it); left-out: failed preflight,
 * nothing was done; not-started: never touched (the canary failed, or cancelled).
 */
export type IncidentHostStatus = 'rolled-back' | 'unchanged' | 'failed' | 'left-out' | 'not-started';

export interface IncidentHostResult {
  readonly host: string;
  /** The Nix profile that went back (see IncidentHostPlan.profile); absent: the host's system. */
  readonly profile?: string;
  readonly status: IncidentHostStatus;
  readonly reason: string | null;
  readonly canary: boolean;
  readonly before: SystemRef;
  readonly target: LastKnownGood | null;
  /** What it runs at the end, by a probe after the run; null when it could not be reached. */
  readonly after: SystemRef | null;
  readonly deploymentId: number | null;
  readonly health: readonly HealthResult[];
  readonly rebootNeeded: boolean | null;
  /** What the rollback changes (current → target), as planned. */
  readonly diff: ClosureComparison | null;
}

export type IncidentMode = 'parallel' | 'canary';
export type IncidentOutcome = 'running' | 'succeeded' | 'partial' | 'failed';

export interface IncidentRecord {
  readonly id: number;
  readonly reason: string;
  readonly operator: string;
  readonly mode: IncidentMode;
  readonly parallel: number;
  /** How the hosts were chosen, in words ("hosts host1, host2", "tag rack-a", "latest deployment fleet-3"). */
  readonly selection: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly outcome: IncidentOutcome;
  readonly hosts: readonly IncidentHostResult[];
  readonly startAuditId: number;
  readonly endAuditId: number | null;
  readonly reportFile: string | null;
}

export const rolledBack = (r: IncidentHostResult): boolean => r.status === 'rolled-back' || r.status === 'unchanged';
