// The Deploy screen: the bundles the cache holds, the bundle and hosts
// chosen (also from the Fleet's selection), the plan per host, and the
// deploy the screen follows once started.
import type { ActivationActionView, DeployableBundleView, DeployInput, HostPlanView } from '../../../shared/schemas';
import { errorText, type SliceOf } from './types';

/**
 * The command line's deploy options, as the screen sets them: which hosts (the ticked names, a
 * tag, or all), the action, the confirm timeout, magic rollback, parallelism, waves, and where
 * the bytes come from (this laptop, or a site mirror each host pulls from).
 * Empty or null means the engine's default, exactly as a left-out flag does.
 */
export interface DeployOptions {
  readonly choose: 'names' | 'tag' | 'all';
  readonly tag: string;
  readonly action: ActivationActionView | '';
  readonly confirmTimeoutSeconds: number | null;
  readonly magicRollback: boolean;
  readonly parallel: number | null;
  readonly waves: string;
  readonly maxFailed: number | null;
  /** A site mirror's name (`--mirror`); '' pushes from this laptop. */
  readonly mirror: string;
  /** With a mirror: a host that cannot reach it is pushed to from this laptop (`--mirror-fallback push`). */
  readonly mirrorFallbackPush: boolean;
}

export const DEFAULT_DEPLOY_OPTIONS: DeployOptions = {
  choose: 'names',
  tag: '',
  action: '',
  confirmTimeoutSeconds: null,
  magicRollback: true,
  parallel: null,
  waves: '',
  maxFailed: null,
  mirror: '',
  mirrorFallbackPush: false,
};

/** Options that change which hosts are chosen or what they would get make the plan on screen stale. */
const PLAN_KEYS = ['choose', 'tag', 'action'] as const;

export interface DeployDraft {
  /** A bundle's sequence; null until one is chosen. */
  readonly bundle: number | null;
  readonly hosts: readonly string[];
}

export interface DeploySlice {
  readonly deployBundles: readonly DeployableBundleView[];
  readonly deployDraft: DeployDraft;
  readonly deployOptions: DeployOptions;
  readonly plan: readonly HostPlanView[] | null;
  readonly planning: boolean;
  readonly deployError: string | null;
  /** The deploy this screen shows progress and results of. */
  readonly deployOperationId: string | null;
  loadDeployBundles(): Promise<void>;
  chooseDeployBundle(sequence: number): void;
  setDeployHosts(hosts: readonly string[]): void;
  toggleDeployHost(host: string): void;
  setDeployOptions(patch: Partial<DeployOptions>): void;
  planDeploy(): Promise<void>;
  startDeploy(): Promise<void>;
}

const sameDraft = (a: DeployDraft, b: DeployDraft): boolean => a.bundle === b.bundle && a.hosts.join() === b.hosts.join();

export const createDeploySlice: SliceOf<DeploySlice> = (api) => (set, get) => {
  /** A changed choice makes the plan on screen stale: it goes. */
  const draft = (next: DeployDraft): void => set({ deployDraft: next, ...(sameDraft(next, get().deployDraft) ? {} : { plan: null }) });
  /** The plan's input: the bundle, the hosts as chosen, and the action. */
  const target = (): DeployInput => {
    const { bundle, hosts } = get().deployDraft;
    const o = get().deployOptions;
    if (bundle === null) throw new Error('choose a bundle');
    const action = o.action === '' ? {} : { action: o.action };
    if (o.choose === 'all') return { bundle, all: true, ...action };
    if (o.choose === 'tag') {
      if (o.tag === '') throw new Error('choose a tag');
      return { bundle, tag: o.tag, ...action };
    }
    if (hosts.length === 0) throw new Error('choose at least one host');
    return { bundle, hosts: [...hosts], ...action };
  };
  /** The deploy's input: the target and every option set away from its default. */
  const input = (): DeployInput => {
    const o = get().deployOptions;
    return {
      ...target(),
      ...(o.confirmTimeoutSeconds === null ? {} : { confirmTimeoutSeconds: o.confirmTimeoutSeconds }),
      ...(o.magicRollback ? {} : { magicRollback: false }),
      ...(o.parallel === null ? {} : { parallel: o.parallel }),
      ...(o.waves.trim() === '' ? {} : { waves: o.waves.trim(), ...(o.maxFailed === null ? {} : { maxFailed: o.maxFailed }) }),
      ...(o.mirror === '' ? {} : { mirror: o.mirror, ...(o.mirrorFallbackPush ? { mirrorFallback: 'push' as const } : {}) }),
    };
  };
  return {
    deployBundles: [],
    deployDraft: { bundle: null, hosts: [] },
    deployOptions: DEFAULT_DEPLOY_OPTIONS,
    plan: null,
    planning: false,
    deployError: null,
    deployOperationId: null,
    async loadDeployBundles() {
      try {
        const bundles = await api.deploy.bundles();
        set({ deployBundles: bundles, deployError: null });
        // The newest bundle is what an operator deploys nearly always.
        if (get().deployDraft.bundle === null && bundles[0]) draft({ ...get().deployDraft, bundle: bundles[0].sequence });
      } catch (err) {
        set({ deployBundles: [], deployError: errorText(err) });
      }
    },
    chooseDeployBundle: (bundle) => draft({ ...get().deployDraft, bundle }),
    setDeployHosts: (hosts) => draft({ ...get().deployDraft, hosts: [...new Set(hosts)].sort() }),
    toggleDeployHost(host) {
      const hosts = get().deployDraft.hosts;
      get().setDeployHosts(hosts.includes(host) ? hosts.filter((h) => h !== host) : [...hosts, host]);
    },
    setDeployOptions(patch) {
      const before = get().deployOptions;
      const next = { ...before, ...patch };
      set({ deployOptions: next, ...(PLAN_KEYS.some((k) => next[k] !== before[k]) ? { plan: null } : {}) });
    },
    async planDeploy() {
      set({ planning: true, deployError: null });
      try {
        set({ plan: await api.deploy.plan(target()) });
      } catch (err) {
        set({ deployError: errorText(err), plan: null });
      } finally {
        set({ planning: false });
      }
    },
    async startDeploy() {
      try {
        // Hosts ticked by name: only what the plan on screen says can change; hosts with a problem or
        // nothing to do are left out. By tag or all, the engine chooses, as `deploy --tag` does.
        const planned = get()
          .plan?.filter((p) => p.problem === null && !p.unchanged)
          .map((p) => p.host);
        const byName = get().deployOptions.choose === 'names';
        const op = await api.deploy.start({ ...input(), ...(byName && planned?.length ? { hosts: planned } : {}) });
        get().applyOperation(op);
        // The Fleet's ticks were for this deploy; it has started.
        get().setHostsSelected([]);
        set({ deployOperationId: op.id, deployError: null });
      } catch (err) {
        set({ deployError: errorText(err) });
      }
    },
  };
};
