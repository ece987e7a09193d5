// What a deploy would do to each host, before anything is sent: which
// generation it runs now, what it would run, how many paths and bytes it
// lacks, and whether a reboot would be needed. One probe and one validity
// query per host; nothing on the host changes.
import type { HeldManifest } from '../cache/held-manifests';
import type { HostRecord } from '../db/hosts';
import { mapLimit } from '../jobs/map-limit';
import { parseStorePath } from '../nix/store-path';
import type { ActivationAction } from '../remote/activate/activation-plan';
import { probeHost, runningGeneration } from '../remote/probe-hosts';
import { remoteHostOf } from './remote-host-of';
import { readHostClosure, type HostClosure } from '../remote/push/host-closure';
import { missingOnHost } from '../remote/push/missing-paths';
import type { DeployContext } from './deploy-context';

export interface SystemFacts {
  readonly toplevel: string | null;
  readonly generation: number | null;
  readonly nixosVersion: string | null;
  readonly kernelVersion: string | null;
}

export interface HostPlan {
  readonly host: string;
  readonly action: ActivationAction | null;
  /** Why this host cannot be deployed (unreachable, no system in the bundle, cache lacks paths); null when it can. */
  readonly problem: string | null;
  readonly current: SystemFacts;
  readonly target: SystemFacts;
  /** It already runs (or, for boot, boots) the target: the deploy would change nothing. */
  readonly unchanged: boolean;
  readonly pathsToSend: number;
  /** Compressed bytes, as they would cross the link. */
  readonly bytesToSend: number;
  readonly closurePaths: number;
  readonly rebootNeeded: boolean;
}

/** The kernel and NixOS versions a toplevel's names carry (`linux-6.6.58`, `nixos-system-NAME-24.05.1`). */
export function targetFacts(closure: HostClosure): SystemFacts {
  const top = closure.paths.at(-1);
  const kernel = top?.narinfo.references.map((r) => r.name).find((n) => /^linux-\d+(\.\d+)+$/.test(n));
  const version = /-(\d\d\.\d\d(?:\.[^-]+)?)$/.exec(parseStorePath(closure.toplevel).name)?.[1] ?? null;
  return { toplevel: closure.toplevel, generation: null, nixosVersion: version, kernelVersion: kernel?.slice('linux-'.length) ?? null };
}

const NO_FACTS: SystemFacts = { toplevel: null, generation: null, nixosVersion: null, kernelVersion: null };

export async function planDeploy(
  ctx: DeployContext,
  bundle: HeldManifest,
  hosts: readonly HostRecord[],
  action?: ActivationAction,
): Promise<HostPlan[]> {
  return mapLimit(hosts, 8, async (host): Promise<HostPlan> => {
    const system = bundle.manifest.systems.find((s) => s.host === host.name);
    const base = {
      host: host.name,
      action: action ?? system?.action ?? null,
      current: NO_FACTS,
      target: NO_FACTS,
      unchanged: false,
      pathsToSend: 0,
      bytesToSend: 0,
      closurePaths: 0,
      rebootNeeded: false,
    };
    if (!system) return { ...base, problem: `bundle ${bundle.name} carries no system for ${host.name}` };
    const remote = remoteHostOf(host);
    const probe = await probeHost(ctx.transport, remote);
    const running = runningGeneration(probe);
    const current: SystemFacts = {
      toplevel: probe.current,
      generation: running?.generation ?? null,
      nixosVersion: running?.nixosVersion ?? null,
      kernelVersion: running?.kernelVersion ?? null,
    };
    if (!probe.reachable) return { ...base, current, problem: probe.error ?? `${host.name} is unreachable` };
    try {
      const closure = await readHostClosure(ctx.layout, system.toplevel);
      const missing = await missingOnHost(ctx.transport, remote, closure.paths);
      const target = targetFacts(closure);
      const chosen = action ?? system.action;
      const boots = probe.generations.find((g) => g.default)?.toplevel;
      const unchanged =
        chosen === 'boot'
          ? boots === system.toplevel
          : probe.current === system.toplevel && (chosen !== 'switch' || boots === system.toplevel);
      const kernelChanges =
        target.kernelVersion !== null && current.kernelVersion !== null && target.kernelVersion !== current.kernelVersion;
      return {
        ...base,
        current,
        target,
        unchanged,
        problem: null,
        closurePaths: closure.paths.length,
        pathsToSend: missing.length,
        bytesToSend: missing.reduce((n, p) => n + (p.narinfo.fileSize ?? 0), 0),
        rebootNeeded: !unchanged && (chosen === 'boot' || kernelChanges),
      };
    } catch (err) {
      return { ...base, current, problem: err instanceof Error ? err.message : String(err) };
    }
  });
}
