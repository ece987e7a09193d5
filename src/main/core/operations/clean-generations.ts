// Cleaning a host's old system generations by policy (clean-policy.ts): a
// preview that changes nothing, and the run, which takes the host's lock
// (never while a deploy or rollback runs), plans again on a fresh probe,
// refreshes the known good GC roots, deletes, and writes an audit row. The
// host's Nix profiles are cleaned by the same policy (clean-profile-generations.ts).
import { appendAudit } from '../db/audit-log';
import { SiteRefusal } from '../db/db-errors';
import { lockHost, unlockHost } from '../db/host-locks';
import type { HostRecord } from '../db/hosts';
import type { HostsContext } from './deploy-context';
import { deleteSystemGenerations } from '../remote/delete-generations';
import { probeHost } from '../remote/probe-hosts';
import { remoteHostOf } from './remote-host-of';
import { planGenerationClean, type CleanPlan } from './clean-policy';
import { protectedGenerations } from './last-known-good';
import { protectLastKnownGood } from './protect-last-known-good';
import { deleteProfileCleans, planProfileCleans, type ProfileClean } from './clean-profile-generations';

export interface GenerationClean {
  readonly host: string;
  readonly applied: boolean;
  readonly plan: CleanPlan;
  /** The same policy for each of the host's Nix profiles (issue 12); empty when it has none, or they were left alone. */
  readonly profiles: readonly ProfileClean[];
}

export interface CleanOptions {
  /** false: leave the profiles alone (an app dialog that confirmed the system's list only). */
  readonly profiles?: boolean;
}

async function planOnHost(ctx: HostsContext, host: HostRecord, keep: number): Promise<CleanPlan> {
  const probe = await probeHost(ctx.transport, remoteHostOf(host));
  if (!probe.reachable)
    throw new SiteRefusal(`cannot clean generations of ${host.name}: ${probe.error ?? 'unreachable'}; nothing was deleted`);
  const lkg = new Set(protectedGenerations(ctx.db, host.name).map((g) => g.generation));
  return planGenerationClean(probe.generations, keep, lkg);
}

/** What cleaning would delete on `host` now; changes nothing. */
export async function previewGenerationClean(ctx: HostsContext, host: HostRecord, keep: number): Promise<GenerationClean> {
  const plan = await planOnHost(ctx, host, keep);
  return { host: host.name, applied: false, plan, profiles: await planProfileCleans(ctx, host, keep) };
}

/**
 * DESTRUCTIVE: deletes the generations the policy lets go (their profile
 * links; the paths go at the host's next garbage collection). Protected:
 * newest `keep`, current, booted, default and every known good generation.
 */
export async function deleteOldGenerations(
  ctx: HostsContext,
  host: HostRecord,
  keep: number,
  options: CleanOptions = {},
): Promise<GenerationClean> {
  lockHost(ctx.db, host.name, `cleaning old generations (keep ${keep})`, ctx.env);
  try {
    const plan = await planOnHost(ctx, host, keep);
    const profiles = options.profiles === false ? [] : await planProfileCleans(ctx, host, keep);
    const numbers = plan.deleted.map((g) => g.generation);
    const keptOf = (p: CleanPlan): { generation: number; why: readonly string[] }[] =>
      p.kept.map((k) => ({ generation: k.generation, why: k.why }));
    const details = {
      keep,
      deleted: numbers,
      kept: keptOf(plan),
      ...(profiles.length === 0
        ? {}
        : {
            profiles: profiles.map((c) => ({ profile: c.profile, deleted: c.plan.deleted.map((g) => g.generation), kept: keptOf(c.plan) })),
          }),
    };
    try {
      await protectLastKnownGood(ctx, remoteHostOf(host));
      await deleteSystemGenerations(ctx.transport, remoteHostOf(host), numbers);
      await deleteProfileCleans(ctx, host, profiles);
    } catch (err) {
      appendAudit(
        ctx.db,
        {
          action: 'host.generations-clean',
          subject: host.name,
          outcome: 'failed',
          details: { ...details, why: err instanceof Error ? err.message : String(err) },
        },
        ctx.env,
      );
      throw err;
    }
    appendAudit(ctx.db, { action: 'host.generations-clean', subject: host.name, outcome: 'ok', details }, ctx.env);
    return { host: host.name, applied: true, plan, profiles };
  } finally {
    unlockHost(ctx.db, host.name);
  }
}
