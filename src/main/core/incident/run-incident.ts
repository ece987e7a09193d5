// An incident rollback (issue 6): plan and preflight every host, record the
// incident (with its 'incident.start' audit row), then bring each host that
// passed preflight back to its last known good generation, all at once with
// a limit or canary first: one host and its health checks, and the rest only
// if it got there. A final probe says what each host runs; the record is
// completed (with 'incident.end') and the Markdown report saved.
import { SiteRefusal } from '../db/db-errors';
import type { HostRecord } from '../db/hosts';
import { finishIncident, getIncident, startIncident } from '../db/incidents';
import { mapLimit } from '../jobs/map-limit';
import type { ActivationOptions, HostsContext } from '../operations/deploy-context';
import { probeHost, type HostProbe } from '../remote/probe-hosts';
import { remoteHostOf } from '../operations/remote-host-of';
import { rollbackToLastKnownGood } from './incident-host';
import { planIncident } from './incident-plan';
import { profileNow, rollbackProfileToLastKnownGood } from './incident-profile';
import { notTouched, outcomeResult, pendingResult, withAfter } from './incident-results';
import { saveIncidentReport } from './incident-report-file';
import type { IncidentHostPlan, IncidentHostResult, IncidentMode, IncidentRecord, LastKnownGood } from '../db/incident-types';

export interface IncidentRequest extends ActivationOptions {
  readonly hosts: readonly HostRecord[];
  /** Typed by the operator; required. */
  readonly reason: string;
  /** How the hosts were chosen, in words, for the record. */
  readonly selection: string;
  readonly mode: IncidentMode;
  /** At most this many hosts at once (after the canary, in canary mode). */
  readonly parallel: number;
  /** Per host: go back to what was known good before this deployment row (the latest deployment's). */
  readonly before?: ReadonlyMap<string, number>;
  /** Per host: the generation the operator picked as its target (see incident-plan). */
  readonly picks?: ReadonlyMap<string, number>;
  /** The ACTIVATE the bundles give a host's profile (run after a profile goes back); none when absent. */
  readonly profileActivate?: (host: string, profile: string) => Promise<string | undefined>;
}

export interface IncidentHooks {
  /** Called once preflight is done and the incident is recorded, before any host changes. */
  readonly onPlan?: (plans: readonly IncidentHostPlan[], incident: IncidentRecord) => void;
}

export interface IncidentRun {
  readonly incident: IncidentRecord;
  readonly plans: readonly IncidentHostPlan[];
  readonly reportFile: string;
}

export async function runIncident(ctx: HostsContext, req: IncidentRequest, hooks: IncidentHooks = {}): Promise<IncidentRun> {
  const reason = req.reason.trim();
  if (reason === '') throw new SiteRefusal('an incident needs a reason: say what is wrong, in a few words (--reason)');
  if (req.hosts.length === 0) throw new SiteRefusal('no hosts chosen for the incident');
  const plans = await planIncident(ctx, req.hosts, {
    ...(req.before ? { before: req.before } : {}),
    ...(req.picks ? { picks: req.picks } : {}),
  });
  const runnable = plans.filter((p) => p.problem === null && !p.unchanged);
  const canary = req.mode === 'canary' ? runnable[0]?.host : undefined;
  const results = new Map(plans.map((p) => [p.host, pendingResult(p, p.host === canary)]));
  const incident = startIncident(
    ctx.db,
    { reason, mode: req.mode, parallel: req.parallel, selection: req.selection, hosts: [...results.values()] },
    ctx.env,
  );
  hooks.onPlan?.(plans, incident);
  for (const p of plans)
    if (p.problem !== null || p.unchanged) ctx.onEvent?.({ host: p.host, phase: 'finished', message: results.get(p.host)?.reason ?? '' });

  const byName = new Map(req.hosts.map((h) => [h.name, h]));
  const one = async (p: IncidentHostPlan): Promise<IncidentHostResult> => {
    const pending = results.get(p.host) as IncidentHostResult;
    const host = byName.get(p.host) as HostRecord;
    const target = p.target as LastKnownGood;
    const activate = p.profile === undefined ? undefined : await req.profileActivate?.(p.host, p.profile);
    const o =
      p.profile === undefined
        ? await rollbackToLastKnownGood(ctx, host, target, { ...req, incidentId: incident.id, reason })
        : await rollbackProfileToLastKnownGood(ctx, host, p.profile, target, {
            incidentId: incident.id,
            reason,
            ...(activate === undefined ? {} : { activate }),
          });
    const done = outcomeResult(pending, o);
    results.set(p.host, done);
    return done;
  };
  try {
    let rest = runnable;
    if (canary !== undefined) {
      const first = await one(runnable[0] as IncidentHostPlan);
      rest = runnable.slice(1);
      if (first.status !== 'rolled-back') {
        const why = `not touched: the canary ${canary} did not get back (${first.reason ?? first.status})`;
        for (const p of rest) {
          results.set(p.host, notTouched(results.get(p.host) as IncidentHostResult, why));
          ctx.onEvent?.({ host: p.host, phase: 'finished', message: why });
        }
        rest = [];
      }
    }
    await mapLimit(rest, req.parallel, one);
  } finally {
    // Whatever happened, the record is completed: what each host runs now, by a fresh probe.
    const probes = await mapLimit(req.hosts, 8, (h) => probeHost(ctx.transport, remoteHostOf(h)));
    const final = await Promise.all(
      plans.map(async (p, i) => {
        const r = results.get(p.host) as IncidentHostResult;
        const probe = probes[i] as HostProbe;
        // A profile's "after" is what the profile points at, not the (absent) system.
        if (p.profile === undefined || !probe.reachable) return withAfter(r, probe);
        return { ...r, after: await profileNow(ctx, byName.get(p.host) as HostRecord, p.profile) };
      }),
    );
    finishIncident(ctx.db, incident.id, final, ctx.env);
  }
  const reportFile = saveIncidentReport(ctx.db, ctx.dataDir, incident.id);
  return { incident: getIncident(ctx.db, incident.id), plans, reportFile };
}
