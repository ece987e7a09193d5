// Deploying a bundle: which bundle and which hosts (by name, by tag, or all
// that the bundle carries a system for), what each would get (the plan), and
// the deploy itself. Both faces call these; the rules of the choice live here
// once, so `airlock deploy --tag rack-a` and the Deploy screen pick the same hosts.
import type { HeldManifest } from '../cache/held-manifests';
import { readHeldManifests } from '../cache/held-manifests';
import { SiteRefusal } from '../db/db-errors';
import { listHosts, requireHost, type HostRecord } from '../db/hosts';
import { requireMirror } from '../db/mirrors';
import { requireSite } from '../db/site-store';
import type { MirrorChoice } from '../remote/push/send-system';
import { validateHostName } from '../remote/validate';
import type { ActivationAction } from '../remote/activate/activation-plan';
import { chooseBundle } from '../operations/bundle-choice';
import { deployContextFor } from '../operations/deploy-context';
import { deployHosts } from '../operations/deploy-hosts';
import { planDeploy, type HostPlan } from '../operations/deploy-plan';
import type { HostOutcome } from '../operations/host-outcome';
import type { UseCaseContext } from './context';
import { activationOptions, hostsContextOf, type ActivationChoice, type RunHooks } from './run-hooks';
import { BadInputError } from './refusals';
import { copyAuditAfter } from '../operations/audit-copy';
import { parseWaves, runWaves, splitIntoWaves, type WaveState } from './waves';

export type { HostPlan, SystemFacts } from '../operations/deploy-plan';
export type { WaveState } from './waves';
export { ACTIVATION_ACTIONS, type ActivationAction } from '../remote/activate/activation-plan';

export type HostChoice =
  { readonly kind: 'names'; readonly names: readonly string[] } | { readonly kind: 'tag'; readonly tag: string } | { readonly kind: 'all' };

export interface DeployTarget {
  readonly bundle: number | 'latest';
  readonly hosts: HostChoice;
  /** Overrides each system's own action from the bundle. */
  readonly action?: ActivationAction;
}

export interface DeployRequest extends DeployTarget, ActivationChoice {
  /** Hosts at a time; default 8. */
  readonly parallel?: number;
  /** 'serve' skips the forward (hosts known to refuse it); 'auto' tries it first. */
  readonly pushMethod?: 'auto' | 'serve';
  /** Waves, e.g. "1,10%,100%" (see waves.ts); left out, every host is in one wave. */
  readonly waves?: string;
  /** More failed or rolled-back hosts than this start no further wave; default 0. */
  readonly maxFailed?: number;
  /** A site mirror's name: each host pulls its system from the mirror's URL, not from the laptop. */
  readonly mirror?: string;
  /** With a mirror: 'push' sends a host that cannot reach it its system from the laptop; default 'none' (it fails, saying why). */
  readonly mirrorFallback?: 'none' | 'push';
}

export const DEFAULT_PARALLEL = 8;

/** What a deploy reports besides each host's progress: its waves as they start and end. */
export interface DeployHooks extends RunHooks {
  readonly onWaves?: (waves: readonly WaveState[]) => void;
}

/** The bundles of this site the offline cache holds, newest first. */
export async function deployableBundles(uc: UseCaseContext): Promise<HeldManifest[]> {
  const site = requireSite(uc.db()).name;
  const { manifests } = await readHeldManifests(await uc.cache());
  return manifests.filter((m) => m.manifest.site === site).sort((a, b) => b.manifest.sequence - a.manifest.sequence);
}

function chooseHosts(uc: UseCaseContext, choice: HostChoice, carried: ReadonlySet<string>, bundle: string): HostRecord[] {
  const db = uc.db();
  if (choice.kind === 'names') {
    const named = [...new Set(choice.names)].map((n) => requireHost(db, n));
    if (named.length === 0) throw new SiteRefusal('name at least one host to deploy to');
    const without = named.filter((h) => !carried.has(h.name)).map((h) => h.name);
    if (without.length > 0)
      throw new SiteRefusal(`bundle ${bundle} carries no system nor profile for ${without.join(', ')}; nothing was deployed`);
    return named;
  }
  const tag = choice.kind === 'tag' ? choice.tag : undefined;
  const hosts = listHosts(db).filter((h) => carried.has(h.name) && (tag === undefined || h.tags.includes(tag)));
  if (hosts.length === 0)
    throw new SiteRefusal(`no ${tag === undefined ? '' : `host tagged ${tag} `}has a system in bundle ${bundle}; nothing was deployed`);
  return hosts;
}

/** The bundle and hosts a deploy would act on; refused at once when they do not fit together. */
export async function chooseDeployment(uc: UseCaseContext, target: DeployTarget): Promise<{ bundle: HeldManifest; hosts: HostRecord[] }> {
  const bundle = await chooseBundle(await uc.cache(), requireSite(uc.siteDb()).name, target.bundle);
  // A host the bundle carries only a profile for is deployed too (issue 12).
  const carried = new Set([...bundle.manifest.systems, ...(bundle.manifest.profiles ?? [])].map((s) => s.host));
  return { bundle, hosts: chooseHosts(uc, target.hosts, carried, bundle.name) };
}

/** What each host would get; nothing on the hosts changes. */
export async function planDeployment(uc: UseCaseContext, target: DeployTarget): Promise<HostPlan[]> {
  const { bundle, hosts } = await chooseDeployment(uc, target);
  return planDeploy(deployContextFor(hostsContextOf(uc), await uc.cache()), bundle, hosts, target.action);
}

/** A deploy whose bundle and hosts have been checked, ready to run (the faces refuse at once, then run it as long work). */
export interface PreparedDeploy {
  readonly bundle: HeldManifest;
  readonly hosts: readonly HostRecord[];
  /** The hosts' names per wave, in order (one wave without --waves). */
  readonly waves: readonly (readonly string[])[];
  /** The site mirror each host pulls from, when one was chosen. */
  readonly mirror?: MirrorChoice;
  /**
   * Sends each host its system (only what it lacks), makes it a generation and activates it,
   * wave by wave; hosts of waves that were not started end 'not-started'.
   */
  run(hooks?: DeployHooks): Promise<HostOutcome[]>;
}

/** The mirror a deploy pulls from, refused at once when it is not known or the fallback comes without it. */
function mirrorOf(uc: UseCaseContext, req: DeployRequest): MirrorChoice | undefined {
  const fallback = req.mirrorFallback ?? 'none';
  if (fallback !== 'none' && fallback !== 'push')
    throw new BadInputError(`the mirror fallback must be none or push, not '${String(fallback)}'`);
  if (req.mirror === undefined) {
    if (req.mirrorFallback !== undefined) throw new BadInputError('a mirror fallback goes with a mirror to deploy from (--mirror NAME)');
    return undefined;
  }
  const mirror = requireMirror(uc.siteDb(), validateHostName(req.mirror));
  return { name: mirror.name, url: mirror.url, fallback };
}

function maxFailedOf(req: DeployRequest): number {
  const n = req.maxFailed ?? 0;
  if (!Number.isInteger(n) || n < 0) throw new BadInputError(`--max-failed must be a whole number of hosts, 0 or more, not ${n}`);
  return n;
}

export async function prepareDeploy(uc: UseCaseContext, req: DeployRequest): Promise<PreparedDeploy> {
  // Bad waves are refused before anything else is looked at.
  const sizes = req.waves === undefined ? [] : parseWaves(req.waves);
  const maxFailed = maxFailedOf(req);
  const mirror = mirrorOf(uc, req);
  const { bundle, hosts } = await chooseDeployment(uc, req);
  const layout = await uc.cache();
  const waves = splitIntoWaves(
    hosts.map((h) => h.name),
    sizes,
  );
  const record = new Map(hosts.map((h) => [h.name, h]));
  return {
    bundle,
    hosts,
    waves,
    ...(mirror ? { mirror } : {}),
    run: (hooks = {}) => {
      const ctx = deployContextFor(hostsContextOf(uc, hooks), layout);
      const runWave = (names: readonly string[]): Promise<HostOutcome[]> =>
        deployHosts(ctx, {
          bundle,
          hosts: names.map((n) => record.get(n) as HostRecord),
          parallel: req.parallel ?? DEFAULT_PARALLEL,
          pushMethod: req.pushMethod ?? 'auto',
          ...(mirror ? { mirror } : {}),
          ...activationOptions(req),
          ...(req.action ? { action: req.action } : {}),
        });
      // The deploy's audit rows travel with the medium it was deployed from.
      return runWaves({ waves, maxFailed }, runWave, {
        ...(hooks.signal ? { signal: hooks.signal } : {}),
        ...(hooks.onWaves ? { onWaves: hooks.onWaves } : {}),
      }).finally(() => copyAuditAfter(uc.siteDb(), uc.dataDir, layout.root));
    },
  };
}
