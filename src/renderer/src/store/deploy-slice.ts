// The Deploy screen: the bundles the cache holds, the bundle and hosts
// chosen (also from the Fleet's selection), the plan per host, and the
// deploy the screen follows once started.
import type { DeployableBundleView, HostPlanView } from '../../../shared/schemas';
import { errorText, type SliceOf } from './types';

export interface DeployDraft {
  /** A bundle's sequence; null until one is chosen. */
  readonly bundle: number | null;
  readonly hosts: readonly string[];
}

export interface DeploySlice {
  readonly deployBundles: readonly DeployableBundleView[];
  readonly deployDraft: DeployDraft;
  readonly plan: readonly HostPlanView[] | null;
  readonly planning: boolean;
  readonly deployError: string | null;
  /** The deploy this screen shows progress and results of. */
  readonly deployOperationId: string | null;
  loadDeployBundles(): Promise<void>;
  chooseDeployBundle(sequence: number): void;
  setDeployHosts(hosts: readonly string[]): void;
  toggleDeployHost(host: string): void;
  planDeploy(): Promise<void>;
  startDeploy(): Promise<void>;
}

const sameDraft = (a: DeployDraft, b: DeployDraft): boolean => a.bundle === b.bundle && a.hosts.join() === b.hosts.join();

export const createDeploySlice: SliceOf<DeploySlice> = (api) => (set, get) => {
  /** A changed choice makes the plan on screen stale: it goes. */
  const draft = (next: DeployDraft): void => set({ deployDraft: next, ...(sameDraft(next, get().deployDraft) ? {} : { plan: null }) });
  const input = () => {
    const { bundle, hosts } = get().deployDraft;
    if (bundle === null || hosts.length === 0) throw new Error('choose a bundle and at least one host');
    return { bundle, hosts: [...hosts] };
  };
  return {
    deployBundles: [],
    deployDraft: { bundle: null, hosts: [] },
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
    async planDeploy() {
      set({ planning: true, deployError: null });
      try {
        set({ plan: await api.deploy.plan(input()) });
      } catch (err) {
        set({ deployError: errorText(err), plan: null });
      } finally {
        set({ planning: false });
      }
    },
    async startDeploy() {
      try {
        // Only what the plan on screen says can change: hosts with a problem or nothing to do are left out.
        const planned = get().plan?.filter((p) => p.problem === null && !p.unchanged).map((p) => p.host);
        const op = await api.deploy.start({ ...input(), ...(planned?.length ? { hosts: planned } : {}) });
        get().applyOperation(op);
        set({ deployOperationId: op.id, deployError: null });
      } catch (err) {
        set({ deployError: errorText(err) });
      }
    },
  };
};
