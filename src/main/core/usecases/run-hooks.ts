// What a face hands a long verb per call: where progress goes and how it is
// cancelled. The engine's context for host operations is built from it here,
// once, for every verb that acts on hosts.
import {
  DEFAULT_ACTIVATION_TIMEOUT_SECONDS,
  DEFAULT_CONFIRM_TIMEOUT_SECONDS,
  hostsContextFor,
  type ActivationOptions,
  type HostsContext,
} from '../operations/deploy-context';
import type { HostEvent } from '../operations/host-outcome';
import type { UseCaseContext } from './context';

export {
  DEFAULT_ACTIVATION_TIMEOUT_SECONDS,
  DEFAULT_CONFIRM_TIMEOUT_SECONDS,
  isSuccess,
  type HostEvent,
  type HostOutcome,
} from './activation-defaults';

export interface RunHooks {
  readonly onEvent?: (event: HostEvent) => void;
  /** Aborting stops what has not reached activation; an activation always runs to its end. */
  readonly signal?: AbortSignal;
}

/** The activation knobs every face may set; what is left out takes the engine's defaults. */
export interface ActivationChoice {
  readonly confirmTimeoutSeconds?: number;
  readonly activationTimeoutSeconds?: number;
  /** False: no magic rollback (the host is not asked to wait for a confirmation). */
  readonly magicRollback?: boolean;
}

export function activationOptions(choice: ActivationChoice = {}): ActivationOptions {
  return {
    confirmTimeoutSeconds: choice.magicRollback === false ? 0 : (choice.confirmTimeoutSeconds ?? DEFAULT_CONFIRM_TIMEOUT_SECONDS),
    activationTimeoutSeconds: choice.activationTimeoutSeconds ?? DEFAULT_ACTIVATION_TIMEOUT_SECONDS,
  };
}

export function hostsContextOf(uc: UseCaseContext, hooks: RunHooks = {}): HostsContext {
  return hostsContextFor(uc.db(), uc.dataDir, { transport: uc.transport, ...hooks });
}
