// What one activation on one host is asked to do, as the runner receives it.

export type ActivationAction = 'switch' | 'boot' | 'test' | 'dry-activate';
export const ACTIVATION_ACTIONS: readonly ActivationAction[] = ['switch', 'boot', 'test', 'dry-activate'];

export const SYSTEM_PROFILE = '/nix/var/nix/profiles/system';

export interface ActivationPlan {
  /** Names /run/airlock/<id> on the host; unique per activation. */
  readonly id: string;
  /**
   * new: a new generation of the system profile (deploy with switch or boot);
   * existing: the profile moves to `generation` (switch, rollback);
   * none: the profile stays (test, dry-activate), as nixos-rebuild does.
   */
  readonly mode: 'new' | 'existing' | 'none';
  readonly toplevel: string;
  readonly generation?: number;
  readonly action: ActivationAction;
  /** What to put back on failure: the generation the profile pointed at before, and the system that ran. */
  readonly previousGeneration: number | null;
  readonly previousToplevel: string | null;
  /** Seconds to wait for confirmation; 0 turns magic rollback off. */
  readonly confirmTimeoutSeconds: number;
  /** Seconds switch-to-configuration may run before the runner stops it and rolls back. */
  readonly activationTimeoutSeconds: number;
}

export function runnerArguments(plan: ActivationPlan): string[] {
  return [
    plan.id,
    SYSTEM_PROFILE,
    plan.mode,
    plan.toplevel,
    plan.generation === undefined ? '' : String(plan.generation),
    plan.action,
    plan.previousGeneration === null ? '' : String(plan.previousGeneration),
    plan.previousToplevel ?? '',
    String(plan.confirmTimeoutSeconds),
    String(plan.activationTimeoutSeconds),
  ];
}
