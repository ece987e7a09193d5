// Hosts for the Fleet, Host and Settings screens: the stored list with each
// host's last probe, probes on demand, and adding a host in two steps (scan the
// keys it offers; pin the one the operator confirmed on its console).
import type { ApiHandlers } from '../../shared/api';
import type { HostProbeView, HostSummary } from '../../shared/schemas';
import { listDeployments } from './db/deployments';
import { listHostLocks, type HostLock } from './db/host-locks';
import { listHosts, removeHost, requireHost, type HostRecord } from './db/hosts';
import { addRemoteHost } from './remote/add-host';
import { scanHostKeys } from './remote/host-keys';
import { unpinHostKey } from './remote/known-hosts';
import { probeHost, probeHosts, remoteHostOf, type HostProbe } from './remote/probe-hosts';
import { sshPaths } from './remote/ssh-args';
import { validateAddress, validateHostName, validateIdentityFile, validatePort, validateTag, validateUser } from './remote/validate';
import type { ServiceContext } from './service-context';
import { announceAudit } from './service-audit';
import { deploymentView } from './service-deploy';
import { Refusal } from './refusal-error';

type HostHandlers = Pick<ApiHandlers, 'hostsList' | 'hostsProbe' | 'hostsGenerations' | 'hostsScanKey' | 'hostsAdd' | 'hostsRemove'>;

const locksByHost = (ctx: ServiceContext): ReadonlyMap<string, HostLock> => new Map(listHostLocks(ctx.db()).map((l) => [l.host, l]));

function summary(ctx: ServiceContext, h: HostRecord, locks: ReadonlyMap<string, HostLock> = locksByHost(ctx)): HostSummary {
  const { name, address, port, user, tags, added } = h;
  const [last] = listDeployments(ctx.db(), { host: name, limit: 1 });
  return {
    name, address, port, user, tags: [...tags], added, keyType: h.hostKey.type, fingerprint: h.hostKey.fingerprint,
    probe: ctx.probes.get(name) ?? null, lastDeployment: last ? deploymentView(last) : null, busyWith: locks.get(name)?.operation ?? null,
  };
}

const stamped = (p: HostProbe): HostProbeView => ({ ...p, generations: [...p.generations], probedAt: new Date().toISOString() });

/** Probes the named hosts (all when none are named), remembers and announces what they said. */
export async function probeAndAnnounce(ctx: ServiceContext, names?: readonly string[]): Promise<HostProbeView[]> {
  const db = ctx.db();
  const hosts = names === undefined ? listHosts(db) : names.map((n) => requireHost(db, n));
  if (hosts.length === 0) return [];
  const probes = (await probeHosts(ctx.transport, hosts.map(remoteHostOf))).map(stamped);
  // A host removed while it was being probed is not brought back.
  const known = new Set(listHosts(db).map((h) => h.name));
  for (const p of probes) if (known.has(p.name)) ctx.probes.set(p.name, p);
  ctx.events.emit({ type: 'probes', probes });
  return probes;
}

/** A host as the operator typed it, checked the way `airlock host add` checks it. */
function hostSpec(input: Parameters<HostHandlers['hostsAdd']>[0]) {
  return {
    name: validateHostName(input.name),
    address: validateAddress(input.address),
    port: validatePort(String(input.port)),
    user: validateUser(input.user),
    ...(input.identity ? { identity: validateIdentityFile(input.identity) } : {}),
    tags: [...new Set(input.tags.map(validateTag))],
  };
}

function announceHosts(ctx: ServiceContext): void {
  announceAudit(ctx);
  ctx.events.emit({ type: 'changed', what: 'hosts' });
}

export function hostHandlers(ctx: ServiceContext): HostHandlers {
  return {
    hostsList: async () => {
      const locks = locksByHost(ctx);
      return listHosts(ctx.db()).map((h) => summary(ctx, h, locks));
    },
    hostsProbe: async ({ names }) => probeAndAnnounce(ctx, names),
    hostsGenerations: async ({ name }) => {
      const p = stamped(await probeHost(ctx.transport, remoteHostOf(requireHost(ctx.db(), name))));
      ctx.probes.set(name, p);
      ctx.events.emit({ type: 'probes', probes: [p] });
      return { name, reachable: p.reachable, error: p.error ?? null, generations: p.generations };
    },
    hostsScanKey: async ({ address, port }) => {
      const keys = await scanHostKeys(validateAddress(address), validatePort(String(port)));
      if (keys.length === 0) throw new Refusal(`no SSH host key could be fetched from ${address}:${port} (is sshd running there?)`);
      return keys.map(({ type, fingerprint }) => ({ type, fingerprint }));
    },
    hostsAdd: async (input) => {
      const spec = hostSpec(input);
      try {
        const host = await addRemoteHost({ db: ctx.db(), dataDir: ctx.dataDir, transport: ctx.transport }, spec, { kind: 'fingerprint', fingerprint: input.fingerprint });
        return summary(ctx, host);
      } finally {
        // Refused adds are audited as well.
        announceHosts(ctx);
      }
    },
    hostsRemove: async ({ name }) => {
      const host = removeHost(ctx.db(), validateHostName(name));
      // The shared connection would otherwise outlive the pin for up to ControlPersist.
      await ctx.transport.closeMaster(remoteHostOf(host));
      unpinHostKey(sshPaths(ctx.dataDir), name);
      ctx.probes.delete(name);
      announceHosts(ctx);
      return { ...summary(ctx, host), probe: null };
    },
  };
}
