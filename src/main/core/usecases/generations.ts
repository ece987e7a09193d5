// A host's generations: list them, switch to one, roll back (to the one the
// deployment records say ran before, or one named), and clean old ones by
// policy. Switch, rollback and clean are DESTRUCTIVE: the running system
// changes, or generations are deleted; magic rollback guards the first two,
// the kept set (newest N, current, booted, default, last known good) the last.
import { SiteRefusal } from '../db/db-errors';
import { requireHost, type HostRecord } from '../db/hosts';
import { deleteOldGenerations, previewGenerationClean, type GenerationClean } from '../operations/clean-generations';

export type { GenerationClean } from '../operations/clean-generations';
export type { GenerationOrigin } from '../operations/generation-origins';
export type { RollbackTarget } from '../operations/rollback-target';
import type { HostOutcome } from '../operations/host-outcome';
import { generationOrigins, type GenerationOrigin } from '../operations/generation-origins';
import { remoteHostOf } from '../operations/remote-host-of';
import { rollbackTarget as rollbackTargetOf, type RollbackTarget } from '../operations/rollback-target';
import { rollbackHost, switchGeneration } from '../operations/switch-generation';
import { probeHost, type HostProbe } from '../remote/probe-hosts';
import type { UseCaseContext } from './context';
import { profileToActOn, rollbackProfileOf, validateProfilePath } from './profiles';
import { activationOptions, hostsContextOf, type ActivationChoice, type RunHooks } from './run-hooks';

/** One host operation checked and ready to run (refused at once when the host is unknown). */
export interface PreparedHostOperation {
  readonly host: HostRecord;
  run(hooks?: RunHooks): Promise<HostOutcome>;
}

const reasonOf = (reason: string | undefined): { reason?: string } => (reason?.trim() ? { reason: reason.trim() } : {});

/** Every generation of the host's system profile, read from the host (one probe). */
export function listGenerations(uc: UseCaseContext, name: string): Promise<HostGenerations> {
  return probeHost(uc.transport, remoteHostOf(requireHost(uc.db(), name))).then((probe) => ({
    probe,
    rollback: rollbackTarget(uc, probe),
    origins: generationOrigins(uc.db(), uc.dataDir, probe.name, probe.generations),
  }));
}

/** A host's generations as read from it, and where "roll back" would take it (the same answer `rollback` acts on). */
export interface HostGenerations {
  readonly probe: HostProbe;
  readonly rollback: RollbackTarget;
  /** By generation number: the deploy that made it (station, operator), from this station's records or the host's own. */
  readonly origins: ReadonlyMap<number, GenerationOrigin | null>;
}

/** Where `rollback` without --to would take the probed host: the generation that ran before, by the records. */
export function rollbackTarget(uc: UseCaseContext, probe: HostProbe): RollbackTarget {
  return rollbackTargetOf(uc.db(), probe.name, probe);
}

export interface SwitchRequest extends ActivationChoice {
  readonly host: string;
  readonly generation: number;
  readonly reason?: string;
  /** One of the host's Nix profiles, by its path on the host; absent: the NixOS system, or the host's only profile. */
  readonly profile?: string;
}

export function prepareSwitch(uc: UseCaseContext, req: SwitchRequest): PreparedHostOperation {
  const host = requireHost(uc.db(), req.host);
  if (req.profile !== undefined) validateProfilePath(req.profile);
  return {
    host,
    run: async (hooks) => {
      const profile = await profileToActOn(uc, host, req.profile);
      if (profile !== undefined)
        return rollbackProfileOf(uc, { host: host.name, profile, to: req.generation, kind: 'switch', ...reasonOf(req.reason) }, hooks);
      return switchGeneration(hostsContextOf(uc, hooks), host, req.generation, { ...activationOptions(req), ...reasonOf(req.reason) });
    },
  };
}

export interface RollbackRequest extends ActivationChoice {
  readonly host: string;
  /** Absent: the generation that ran before the current one, by the deployment records. */
  readonly to?: number;
  readonly reason?: string;
  /** One of the host's Nix profiles, by its path on the host; absent: the NixOS system, or the host's only profile. */
  readonly profile?: string;
}

export function prepareRollback(uc: UseCaseContext, req: RollbackRequest): PreparedHostOperation {
  const host = requireHost(uc.db(), req.host);
  // A malformed --profile is refused at once, before anything runs.
  if (req.profile !== undefined) validateProfilePath(req.profile);
  const to = req.to === undefined ? {} : { to: req.to };
  return {
    host,
    run: async (hooks) => {
      const profile = await profileToActOn(uc, host, req.profile);
      if (profile !== undefined) return rollbackProfileOf(uc, { host: host.name, profile, ...to, ...reasonOf(req.reason) }, hooks);
      return rollbackHost(hostsContextOf(uc, hooks), host, { ...activationOptions(req), ...reasonOf(req.reason), ...to });
    },
  };
}

/** What cleaning would delete and keep; nothing changes. */
export function previewClean(uc: UseCaseContext, name: string, keep: number): Promise<GenerationClean> {
  return previewGenerationClean(hostsContextOf(uc), requireHost(uc.db(), name), keep);
}

const list = (numbers: readonly number[]): string => [...numbers].sort((a, b) => a - b).join(', ') || 'none';

/**
 * Deletes a host's old generations by policy. When the operator confirmed a
 * list (`confirmed`, as the app's dialog names them), a host that changed since
 * the preview (a new deploy, a generation deleted by hand) is refused, so no
 * generation is ever deleted that the operator was not shown.
 */
export async function cleanGenerations(
  uc: UseCaseContext,
  req: { readonly host: string; readonly keep: number; readonly confirmed?: readonly number[] },
): Promise<GenerationClean> {
  const host = requireHost(uc.db(), req.host);
  const ctx = hostsContextOf(uc);
  if (req.confirmed !== undefined) {
    const now = (await previewGenerationClean(ctx, host, req.keep)).plan.deleted.map((g) => g.generation);
    if (list(now) !== list(req.confirmed)) {
      throw new SiteRefusal(
        `${host.name} changed since the preview: cleaning would now delete generation(s) ${list(now)}, not ${list(req.confirmed)} as confirmed; nothing was deleted, look at the new preview`,
      );
    }
  }
  // The app's dialog confirms the system's list only: there, profiles are left alone until it shows them.
  return deleteOldGenerations(ctx, host, req.keep, { profiles: req.confirmed === undefined });
}
