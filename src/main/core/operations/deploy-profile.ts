// Deploying a bundle's Nix profiles to one host (issue 12): for each of the
// host's profile entries, push the target's closure (only what the host lacks,
// the same push as a system's), make the new profile generation and run its
// ACTIVATE (remote/profile). A failing ACTIVATE puts the previous generation
// back on the host and runs its ACTIVATE; the deploy then reports rolled-back.
// A host whose bundle entry is only a profile is never asked NixOS questions
// (no system generation, no switch-to-configuration): only Nix is needed.
import { randomBytes } from 'node:crypto';
import type { ManifestProfile } from '../bundle/manifest-schema';
import { finishDeployment, startDeployment } from '../db/deployments';
import { attachDeployment } from '../db/host-locks';
import type { HostRecord } from '../db/hosts';
import { listProfileGenerations, switchProfile, type ProfileSwitchOutcome } from '../remote/profile/profile-switch';
import type { CacheHttpServer } from '../remote/push/cache-http-server';
import { readHostClosure } from '../remote/push/host-closure';
import type { PushOutcome } from '../remote/push/push-progress';
import { sendSystem, type MirrorChoice } from '../remote/push/send-system';
import type { ActivationOptions, DeployContext } from './deploy-context';
import { auditedEarlyOutcome, withHostOperation, type RunningOperation } from './host-operation';
import type { HostOutcome, HostOutcomeKind } from './host-outcome';
import { keepOnHost } from './keep-profile-change';

export interface ProfileDeployment {
  readonly host: HostRecord;
  readonly profiles: readonly ManifestProfile[];
  /** `<site>-<sequence>`. */
  readonly bundle: string;
}

export interface ProfilePushOptions extends ActivationOptions {
  readonly server: () => Promise<CacheHttpServer>;
  readonly pushMethod?: 'auto' | 'serve';
  readonly mirror?: MirrorChoice;
}

const RESULT_OUTCOME: Readonly<Record<ProfileSwitchOutcome['result'], 'succeeded' | 'rolled-back' | 'failed'>> = {
  switched: 'succeeded',
  'rolled-back': 'rolled-back',
  'failed-no-previous': 'failed',
  'rollback-failed': 'failed',
  'profile-failed': 'failed',
  unconfirmed: 'failed',
};

/** What the host said, in operator words, for anything but a clean switch. */
function reasonOf(p: ManifestProfile, out: ProfileSwitchOutcome): string | null {
  const log = out.log ? `: ${out.log.split('\n').slice(-3).join(' | ')}` : '';
  switch (out.result) {
    case 'switched':
      return null;
    case 'rolled-back':
      return `${p.profile}: ${whyBack(p, out)}; rolled back automatically to generation ${out.previous}${log}`;
    case 'failed-no-previous':
      return `${p.profile}: ${whyBack(p, out)} and there is no earlier generation to roll back to; generation ${out.generation} stays${log}`;
    case 'rollback-failed':
      return `${p.profile}: ${whyBack(p, out)} and putting generation ${out.previous} back failed; look at ${out.stateDir} on the host`;
    case 'profile-failed':
      return `${p.profile}: nix-env could not set the profile, nothing was changed${log}`;
    case 'unconfirmed':
      return `${p.profile}: ${out.reason ?? 'the host was lost'}; the host could not be reached again to confirm, its watchdog puts generation ${out.previous ?? 'before'} back on its own (look at ${out.stateDir} on the host)`;
  }
}

/** Why the watchdog rolled back: ACTIVATE's exit, else the host's own words (hung ACTIVATE, no confirmation, a failed health check). */
function whyBack(p: ManifestProfile, out: ProfileSwitchOutcome): string {
  if (out.activateExit !== null && out.activateExit !== 0) return `${p.activate} exited ${out.activateExit}`;
  return out.reason ?? 'the host rolled it back';
}

const WORST: readonly HostOutcomeKind[] = ['failed', 'rolled-back', 'cancelled', 'succeeded', 'unchanged'];

/** One profile: push its closure, switch, and record it (the row before the switch, completed with its audit row after). */
async function deployOneProfile(
  ctx: DeployContext,
  op: RunningOperation,
  d: ProfileDeployment,
  p: ManifestProfile,
  options: ProfilePushOptions,
): Promise<HostOutcome> {
  const host = d.host.name;
  const before = await listProfileGenerations(ctx.transport, op.remote, p.profile);
  const current = before.find((g) => g.current) ?? null;
  const from = { generation: current?.number ?? null, toplevel: current?.target ?? null };
  const base = {
    host,
    deploymentId: null,
    from,
    to: from,
    pushMethod: null,
    pathsSent: 0,
    bytesSent: 0,
    pushMs: null,
    activationMs: null,
    health: [],
    activationLog: '',
    rebootNeeded: null,
  } as const;
  if (current?.target === p.target)
    return { ...auditedEarlyOutcome(ctx, host, 'deploy', 'unchanged', `${p.profile} already is ${p.target}`), from, to: from };
  const started = Date.now();
  ctx.onEvent?.({ host, phase: 'pushing', message: p.profile });
  const pushed: PushOutcome = await sendSystem({
    transport: ctx.transport,
    sshPaths: ctx.sshPaths,
    dataDir: ctx.dataDir,
    layout: ctx.layout,
    host: op.remote,
    closure: await readHostClosure(ctx.layout, p.target),
    trustedKeys: ctx.trustedKeys,
    server: options.server,
    method: options.pushMethod ?? 'auto',
    ...(options.mirror ? { mirror: options.mirror } : {}),
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    onProgress: (push) => ctx.onEvent?.({ host, phase: 'pushing', push }),
  });
  const pushMs = Date.now() - started;
  const id = startDeployment(
    ctx.db,
    {
      host,
      kind: 'deploy',
      action: 'switch',
      bundle: d.bundle,
      profile: p.profile,
      fromGeneration: from.generation,
      fromToplevel: from.toplevel,
      toGeneration: null,
      toToplevel: p.target,
    },
    ctx.env,
  );
  attachDeployment(ctx.db, host, id);
  ctx.onEvent?.({ host, phase: 'activating', message: p.profile });
  const activating = Date.now();
  let out: ProfileSwitchOutcome | null = null;
  let failure: string | null = null;
  try {
    out = await switchProfile(ctx.transport, op.remote, {
      id: `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`,
      profile: p.profile,
      target: p.target,
      ...(p.activate === undefined ? {} : { activate: p.activate, previousActivate: p.activate }),
      confirmTimeoutSeconds: options.confirmTimeoutSeconds,
      activationTimeoutSeconds: options.activationTimeoutSeconds,
      checks: ctx.healthChecksFor?.(host) ?? [],
      onState: (s) => {
        const phase = s.status === 'awaiting-confirmation' ? 'confirming' : s.status === 'rolling-back' ? 'rolling-back' : 'activating';
        ctx.onEvent?.({ host, phase, message: p.profile });
      },
    });
  } catch (err) {
    failure = `${p.profile}: ${err instanceof Error ? err.message : String(err)}`;
  }
  const activationMs = Date.now() - activating;
  const outcome = out ? RESULT_OUTCOME[out.result] : 'failed';
  const reason = out ? reasonOf(p, out) : failure;
  // As for a system: confirmed only when the host waited for, and got, the app's confirmation.
  const confirmed = outcome === 'succeeded' && options.confirmTimeoutSeconds > 0;
  const health = out?.health ?? [];
  const finished = finishDeployment(
    ctx.db,
    id,
    {
      outcome,
      ...(reason === null ? {} : { outcomeReason: reason }),
      toGeneration: out?.generation ?? null,
      confirmed,
      pushMethod: pushed.method,
      pathsSent: pushed.pathsSent,
      bytesSent: pushed.bytesSent,
      pushMs,
      activationMs,
      health,
    },
    ctx.env,
  );
  await keepOnHost(ctx, op, finished);
  const landed = outcome === 'succeeded' ? { generation: out?.generation ?? null, toplevel: p.target } : from;
  return {
    ...base,
    outcome,
    reason,
    deploymentId: id,
    to: landed,
    pushMethod: pushed.method,
    pathsSent: pushed.pathsSent,
    bytesSent: pushed.bytesSent,
    pushMs,
    activationMs,
    health,
    activationLog: out?.log ?? '',
  };
}

/** Every outcome of one host's profiles as one: the worst outcome, every reason, the sums of what was sent. */
export function combineOutcomes(outcomes: readonly HostOutcome[]): HostOutcome {
  const [first] = outcomes;
  if (!first) throw new Error('no outcome to combine');
  const worst = WORST.find((k) => outcomes.some((o) => o.outcome === k)) ?? first.outcome;
  const last = outcomes.at(-1) as HostOutcome;
  const reasons = outcomes.map((o) => o.reason).filter((r): r is string => r !== null);
  return {
    ...last,
    outcome: worst,
    reason: worst === 'succeeded' ? null : reasons.join('; ') || null,
    from: first.from,
    pathsSent: outcomes.reduce((n, o) => n + o.pathsSent, 0),
    bytesSent: outcomes.reduce((n, o) => n + o.bytesSent, 0),
    activationLog: outcomes
      .map((o) => o.activationLog)
      .filter(Boolean)
      .join('\n'),
  };
}

/** Deploys each of the host's profile entries in turn, under one host operation (one lock, one probe). */
export function deployProfiles(ctx: DeployContext, d: ProfileDeployment, options: ProfilePushOptions): Promise<HostOutcome> {
  const names = d.profiles.map((p) => p.profile).join(', ');
  return withHostOperation(ctx, d.host, 'deploy', `deploy of ${d.bundle} (profile ${names})`, async (op) => {
    const outcomes: HostOutcome[] = [];
    for (const p of d.profiles) {
      if (ctx.signal?.aborted) break;
      outcomes.push(await deployOneProfile(ctx, op, d, p, options));
    }
    if (outcomes.length === 0) throw new Error('cancelled before any profile was switched');
    return combineOutcomes(outcomes);
  });
}
