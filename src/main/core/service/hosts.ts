// Hosts for the Fleet, Host and Settings screens: the stored list with each
// host's last probe, probes on demand, and adding a host in two steps (scan the
// keys it offers; pin the one the operator confirmed on its console).
import type { ApiHandlers } from '../../../shared/api';
import type { HostProbeView, HostSummary } from '../../../shared/schemas';
import type { ServiceContext } from './context';
import { deploymentView } from './views';
import { Refusal } from '../refusal-error';
import { listGenerations, rollbackTarget } from '../usecases/generations';
import {
  deploymentRecordsOf,
  hostsBusyNow,
  lastKnownGoodOf,
  latestBundleSystemsOf,
  type HostLock,
  type LatestBundleSystem,
} from '../usecases/host-standing';
import { setHost } from '../usecases/host-edit';
import {
  addHost,
  listHostsIfSite,
  probeHosts,
  removeHost,
  requireFreeHostName,
  scanKeys,
  type HostProbe,
  type HostRecord,
} from '../usecases/hosts';
import { HostNameTakenError } from '../usecases/refusals';

type HostHandlers = Pick<
  ApiHandlers,
  'hostsList' | 'hostsProbe' | 'hostsGenerations' | 'hostsScanKey' | 'hostsAdd' | 'hostsRemove' | 'hostsSet'
>;

interface Standing {
  readonly locks: ReadonlyMap<string, HostLock>;
  readonly latest: ReadonlyMap<string, LatestBundleSystem>;
}

const standing = async (ctx: ServiceContext): Promise<Standing> => ({
  locks: hostsBusyNow(ctx.uc),
  latest: await latestBundleSystemsOf(ctx.uc),
});

function summary(ctx: ServiceContext, h: HostRecord, { locks, latest }: Standing): HostSummary {
  const { name, address, port, user, tags, added } = h;
  const [last] = deploymentRecordsOf(ctx.uc, { host: name, limit: 1 });
  return {
    name,
    address,
    port,
    user,
    tags: [...tags],
    added,
    keyType: h.hostKey.type,
    fingerprint: h.hostKey.fingerprint,
    probe: ctx.probes.get(name) ?? null,
    lastDeployment: last ? deploymentView(last) : null,
    busyWith: locks.get(name)?.operation ?? null,
    lastKnownGood: lastKnownGoodOf(ctx.uc, name),
    latestBundleSystem: latest.get(name) ?? null,
  };
}

/**
 * A probe as the screens show it, stamped with when it was sent (what the host said is true as of then,
 * not of when the answer came), and where "Roll back" would go now.
 */
function stamped(ctx: ServiceContext, p: HostProbe, sentAt: string): HostProbeView {
  const { to, why } = rollbackTarget(ctx.uc, p);
  return { ...p, generations: [...p.generations], probedAt: sentAt, lastSeenAt: p.reachable ? sentAt : null, rollback: { to, why } };
}

/**
 * An unreachable host keeps what it said when it last answered: an operator
 * in an incident needs the generation it was running, not dashes. The probe's
 * own fields (reachable, error, when it was sent) stay the new probe's.
 */
function keepLastSeen(p: HostProbeView, before: HostProbeView | undefined): HostProbeView {
  if (p.reachable || !before || before.lastSeenAt === null) return p;
  const { nixVersion, current, booted, defaultGeneration, generations, freeBytesNix, rebootNeeded, lastSeenAt } = before;
  return { ...p, nixVersion, current, booted, defaultGeneration, generations, freeBytesNix, rebootNeeded, lastSeenAt };
}

/**
 * Keeps and announces the probes that are newer than what is known of their
 * hosts. A probe sent before an operation changed the host (the periodic one,
 * or a Host screen's read) can answer after the probe that follows the
 * operation; taking it would show the state from before the operation again.
 */
function remember(ctx: ServiceContext, answers: readonly HostProbeView[]): HostProbeView[] {
  // A host removed while it was being probed is not brought back.
  const known = new Set(listHostsIfSite(ctx.uc).map((h) => h.name));
  const probes = answers.map((p) => keepLastSeen(p, ctx.probes.get(p.name)));
  const newer = probes.filter((p) => known.has(p.name) && (ctx.probes.get(p.name)?.probedAt ?? '') <= p.probedAt);
  for (const p of newer) ctx.probes.set(p.name, p);
  if (newer.length > 0) ctx.events.emit({ type: 'probes', probes: newer });
  return probes;
}

/** Probes the named hosts (all when none are named), remembers and announces what they said. */
export async function probeAndAnnounce(ctx: ServiceContext, names?: readonly string[]): Promise<HostProbeView[]> {
  if (names === undefined && listHostsIfSite(ctx.uc).length === 0) return [];
  const sentAt = new Date().toISOString();
  ctx.events.emit({ type: 'probing', names: [...(names ?? listHostsIfSite(ctx.uc).map((h) => h.name))] });
  const probes = (await probeHosts(ctx.uc, names)).map((p) => stamped(ctx, p, sentAt));
  return remember(ctx, probes);
}

/** The engine names the command line's way out of a name taken; the app has its own buttons for it. */
async function inAppWords<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (!(err instanceof HostNameTakenError)) throw err;
    const name = err.hostName;
    throw new Refusal(
      `a host named '${name}' already exists: to change its address, port, user or tags, use Edit on its Host screen; ` +
        `to add it anew, remove it first (Remove ${name}, in the list above)`,
      { cause: err },
    );
  }
}

function announceHosts(ctx: ServiceContext): void {
  ctx.events.emit({ type: 'changed', what: 'hosts' });
}

export function hostHandlers(ctx: ServiceContext): HostHandlers {
  return {
    hostsList: async () => {
      const now = await standing(ctx);
      return listHostsIfSite(ctx.uc).map((h) => summary(ctx, h, now));
    },
    hostsProbe: async ({ names }) => probeAndAnnounce(ctx, names),
    hostsGenerations: async ({ name }) => {
      const sentAt = new Date().toISOString();
      const p = stamped(ctx, (await listGenerations(ctx.uc, name)).probe, sentAt);
      remember(ctx, [p]);
      return { name, reachable: p.reachable, error: p.error ?? null, generations: p.generations };
    },
    hostsScanKey: async ({ name, address, port }) => {
      // A name taken is answered before the host is contacted at all.
      if (name !== undefined) await inAppWords(async () => requireFreeHostName(ctx.uc, name));
      const keys = await scanKeys(address, port);
      if (keys.length === 0) throw new Refusal(`no SSH host key could be fetched from ${address}:${port} (is sshd running there?)`);
      return keys.map(({ type, fingerprint }) => ({ type, fingerprint }));
    },
    hostsAdd: async (input) => {
      try {
        const { fingerprint, ...host } = input;
        const added = await inAppWords(() => addHost(ctx.uc, host, { kind: 'fingerprint', fingerprint }));
        return summary(ctx, added, await standing(ctx));
      } finally {
        // Refused adds are audited as well.
        announceHosts(ctx);
      }
    },
    hostsSet: async ({ name, ...edit }) => {
      const { after } = await setHost(ctx.uc, name, edit);
      announceHosts(ctx);
      // What the host says at its new address (or as its new user), through the key pinned before.
      void probeAndAnnounce(ctx, [after.name]).catch(() => undefined);
      return summary(ctx, after, await standing(ctx));
    },
    hostsRemove: async ({ name }) => {
      const host = await removeHost(ctx.uc, name);
      ctx.probes.delete(host.name);
      announceHosts(ctx);
      return { ...summary(ctx, host, await standing(ctx)), probe: null };
    },
  };
}
