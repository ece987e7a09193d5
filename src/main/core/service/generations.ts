// The Host screen's actions on generations: switch to one, roll back (to the
// generation the operator confirmed, or the recorded previous one), and the
// diff and sizes of generations (the closure use cases), and the same for
// each of the host's Nix profiles (a `profile` in the input).
// Switch and rollback are DESTRUCTIVE (the running system changes); the
// engine's magic rollback puts a host back that does not confirm in time.
import type { ApiHandlers } from '../../../shared/api';
import type { HostProbeView } from '../../../shared/schemas';
import type { ServiceContext } from './context';
import { probeAndAnnounce } from './hosts';
import type { OperationRunner } from './operations';
import { closureReport, closureWhy, diffWithRunning, generationSizes, type PackageChange, type SizedPath } from '../usecases/closures';
import { prepareRollback, prepareSwitch } from '../usecases/generations';
import { listHostProfiles } from '../usecases/profiles';
import { prepareReboot } from '../usecases/reboot';
import { Refusal } from '../refusal-error';

type GenerationHandlers = Pick<
  ApiHandlers,
  | 'hostsSwitch'
  | 'hostsRollback'
  | 'hostsReboot'
  | 'hostsClosureDiff'
  | 'hostsClosureSizes'
  | 'hostsClosureReport'
  | 'hostsClosureWhy'
  | 'hostsProfiles'
>;

/** The host's last probe, or a fresh one when there is none (a generation's toplevel never changes). */
async function probeOf(ctx: ServiceContext, name: string): Promise<HostProbeView> {
  const known = ctx.probes.get(name);
  if (known?.reachable) return known;
  const [fresh] = await probeAndAnnounce(ctx, [name]);
  if (!fresh?.reachable) throw new Refusal(fresh?.error ?? `${name} is unreachable`);
  return fresh;
}

const sizedList = (paths: readonly SizedPath[]) => paths.map((p) => ({ ...p }));
const mutable = (c: PackageChange) => ({ ...c, from: [...c.from], to: [...c.to] });
const reasonOf = (reason: string | undefined) => (reason === undefined ? {} : { reason });
const profileOf = (profile: string | undefined) => (profile === undefined ? {} : { profile });
/** What the operation is called: the host, or the host's profile. */
const subject = (name: string, profile: string | undefined): string => (profile === undefined ? name : `${name} profile ${profile}`);

export function generationHandlers(ctx: ServiceContext, operations: OperationRunner): GenerationHandlers {
  return {
    hostsSwitch: async ({ name, generation, reason, profile }) => {
      const prepared = prepareSwitch(ctx.uc, { host: name, generation, ...reasonOf(reason), ...profileOf(profile) });
      return operations.start('switch', `${subject(name, profile)} to generation ${generation}`, [name], async (hooks) => [
        await prepared.run(hooks),
      ]);
    },
    hostsRollback: async ({ name, to, reason, profile }) => {
      const prepared = prepareRollback(ctx.uc, {
        host: name,
        ...reasonOf(reason),
        ...(to === undefined ? {} : { to }),
        ...profileOf(profile),
      });
      const where = to === undefined ? 'the recorded previous generation' : `generation ${to}`;
      return operations.start('rollback', `${subject(name, profile)} back to ${where}`, [name], async (hooks) => [
        await prepared.run(hooks),
      ]);
    },
    hostsReboot: async ({ names, waitSeconds, reason }) => {
      const prepared = prepareReboot(ctx.uc, { hosts: names, ...(waitSeconds === undefined ? {} : { waitSeconds }), ...reasonOf(reason) });
      const hosts = prepared.hosts.map((h) => h.name);
      return operations.start('reboot', hosts.join(', '), hosts, (hooks) => prepared.run(hooks));
    },
    hostsClosureDiff: async ({ name, generation }) => {
      const d = await diffWithRunning(ctx.uc, await probeOf(ctx, name), generation);
      return { ...d, added: d.added.map(mutable), removed: d.removed.map(mutable), changed: d.changed.map(mutable) };
    },
    hostsClosureSizes: async ({ name }) => ({ host: name, sizes: await generationSizes(ctx.uc, name) }),
    hostsClosureReport: async ({ name, generation, top }) => {
      const r = await closureReport(ctx.uc, name, generation, top ?? 30);
      return { ...r, byUniqueSize: sizedList(r.byUniqueSize), byNarSize: sizedList(r.byNarSize) };
    },
    hostsClosureWhy: async ({ name, generation, path }) => {
      const r = await closureWhy(ctx.uc, name, generation, path);
      return { ...r, chain: sizedList(r.chain) };
    },
    hostsProfiles: async ({ name }) =>
      (await listHostProfiles(ctx.uc, name)).map((p) => ({
        ...p,
        generations: p.generations.map((g) => ({ ...g, deployedBy: g.deployedBy ? { ...g.deployedBy } : null })),
      })),
  };
}
