// The Host screen's actions on generations: switch to one, roll back (to the
// generation the operator confirmed, or the recorded previous one), and the
// diff between a generation and the current one, read from the host's store.
// Switch and rollback are DESTRUCTIVE (the running system changes); the
// engine's magic rollback puts a host back that does not confirm in time.
import type { ApiHandlers } from '../../shared/api';
import type { HostProbeView } from '../../shared/schemas';
import { requireHost } from './db/hosts';
import { compareClosures, readClosureSizes, readHostClosures, type PackageChange } from './remote/closure-diff';
import { runningGeneration } from './remote/probe-hosts';
import { remoteHostOf } from './operations/remote-host-of';
import type { ServiceContext } from './service-context';
import { probeAndAnnounce } from './service-hosts';
import type { OperationRunner } from './service-operations';
import { prepareRollback, prepareSwitch } from './usecases/generations';
import { prepareReboot } from './usecases/reboot';
import { Refusal } from './refusal-error';

type GenerationHandlers = Pick<ApiHandlers, 'hostsSwitch' | 'hostsRollback' | 'hostsReboot' | 'hostsClosureDiff' | 'hostsClosureSizes'>;

/** The host's last probe, or a fresh one when there is none (a generation's toplevel never changes). */
async function probeOf(ctx: ServiceContext, name: string): Promise<HostProbeView> {
  const known = ctx.probes.get(name);
  if (known?.reachable) return known;
  const [fresh] = await probeAndAnnounce(ctx, [name]);
  if (!fresh?.reachable) throw new Refusal(fresh?.error ?? `${name} is unreachable`);
  return fresh;
}

const mutable = (c: PackageChange) => ({ ...c, from: [...c.from], to: [...c.to] });
const reasonOf = (reason: string | undefined) => (reason === undefined ? {} : { reason });

export function generationHandlers(ctx: ServiceContext, operations: OperationRunner): GenerationHandlers {
  return {
    hostsSwitch: async ({ name, generation, reason }) => {
      const prepared = prepareSwitch(ctx.uc, { host: name, generation, ...reasonOf(reason) });
      return operations.start('switch', `${name} to generation ${generation}`, [name], async (hooks) => [await prepared.run(hooks)]);
    },
    hostsRollback: async ({ name, to, reason }) => {
      const prepared = prepareRollback(ctx.uc, { host: name, ...reasonOf(reason), ...(to === undefined ? {} : { to }) });
      const where = to === undefined ? 'the recorded previous generation' : `generation ${to}`;
      return operations.start('rollback', `${name} back to ${where}`, [name], async (hooks) => [await prepared.run(hooks)]);
    },
    hostsReboot: async ({ names, waitSeconds, reason }) => {
      const prepared = prepareReboot(ctx.uc, { hosts: names, ...(waitSeconds === undefined ? {} : { waitSeconds }), ...reasonOf(reason) });
      const hosts = prepared.hosts.map((h) => h.name);
      return operations.start('reboot', hosts.join(', '), hosts, (hooks) => prepared.run(hooks));
    },
    hostsClosureDiff: async ({ name, generation }) => {
      const host = requireHost(ctx.uc.db(), name);
      const probe = await probeOf(ctx, name);
      const current = runningGeneration(probe);
      const other = probe.generations.find((g) => g.generation === generation);
      if (!current?.toplevel) throw new Refusal(`${name} runs none of its generations; there is no current one to compare with`);
      if (!other?.toplevel) throw new Refusal(`${name} has no generation ${generation}`);
      const closures = await readHostClosures(ctx.uc.transport, remoteHostOf(host), [current.toplevel, other.toplevel]);
      const from = closures.get(current.toplevel) ?? [];
      const to = closures.get(other.toplevel) ?? [];
      const d = compareClosures(from, to);
      return {
        host: name,
        from: { generation: current.generation, toplevel: current.toplevel, closureBytes: d.fromBytes, paths: from.length },
        to: { generation: other.generation, toplevel: other.toplevel, closureBytes: d.toBytes, paths: to.length },
        added: d.added.map(mutable), removed: d.removed.map(mutable), changed: d.changed.map(mutable),
      };
    },
    hostsClosureSizes: async ({ name }) => {
      const sizes = await readClosureSizes(ctx.uc.transport, remoteHostOf(requireHost(ctx.uc.db(), name)));
      return { host: name, sizes: [...sizes].sort((a, b) => b[0] - a[0]).map(([generation, closureBytes]) => ({ generation, closureBytes })) };
    },
  };
}
