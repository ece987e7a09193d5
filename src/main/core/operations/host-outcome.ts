// What an operation on one host ended as, as every face reports it.
import type { HealthResult } from '../remote/activate/health-checks';
import type { MirrorFetch, PushMethod, PushProgress } from '../remote/push/push-progress';

/**
 * 'not-started': the host was in a wave that did not start (an earlier wave failed); nothing was done to it.
 * 'inhibited': NixOS refused to switch live (a switch inhibitor changed); nothing changed, it needs boot plus a reboot.
 */
export type HostOutcomeKind = 'succeeded' | 'unchanged' | 'rolled-back' | 'failed' | 'cancelled' | 'not-started' | 'inhibited';

export interface GenerationRef {
  readonly generation: number | null;
  readonly toplevel: string | null;
}

export interface HostOutcome {
  readonly host: string;
  readonly outcome: HostOutcomeKind;
  /** Why, in operator words, for anything but succeeded. */
  readonly reason: string | null;
  readonly deploymentId: number | null;
  readonly from: GenerationRef;
  readonly to: GenerationRef;
  readonly pushMethod: PushMethod | null;
  /** Paths and compressed NAR bytes that left the laptop for this host (0 when it pulled from a mirror). */
  readonly pathsSent: number;
  readonly bytesSent: number;
  /** With deploy --mirror: what the host fetched from the mirror, or why it could not. */
  readonly mirror?: MirrorFetch;
  readonly pushMs: number | null;
  readonly activationMs: number | null;
  readonly health: readonly HealthResult[];
  readonly activationLog: string;
  /** Known after a successful operation: the host needs a reboot to run what it was given. */
  readonly rebootNeeded: boolean | null;
}

export type HostPhase = 'waiting' | 'probing' | 'pushing' | 'activating' | 'confirming' | 'rolling-back' | 'rebooting' | 'finished';

/** Progress of one host, for bars and logs. */
export interface HostEvent {
  readonly host: string;
  readonly phase: HostPhase;
  readonly push?: PushProgress;
  readonly message?: string;
}

export function isSuccess(o: HostOutcome): boolean {
  return o.outcome === 'succeeded' || o.outcome === 'unchanged';
}
