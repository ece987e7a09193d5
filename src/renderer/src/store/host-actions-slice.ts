// The Host screen's actions and what they read: switch, roll back and reboot (each an
// operation followed through events), the host's deployment records, the
// diff of a generation with the current one, and each generation's closure size.
import type { ClosureDiffView, DeploymentView } from '../../../shared/schemas';
import { errorText, type SliceOf } from './types';

export interface ClosureDiffState {
  readonly generation: number;
  readonly loading: boolean;
  readonly diff: ClosureDiffView | null;
  readonly error: string | null;
}

export interface HostActionsSlice {
  readonly deploymentsByHost: Readonly<Record<string, readonly DeploymentView[]>>;
  /** The diff shown on each host's screen (one at a time per host). */
  readonly closureDiffs: Readonly<Record<string, ClosureDiffState>>;
  readonly closureSizes: Readonly<Record<string, Readonly<Record<number, number | null>>>>;
  /** The switch or rollback each host's screen follows. */
  readonly hostOperationIds: Readonly<Record<string, string>>;
  readonly hostActionError: string | null;
  loadDeployments(host: string): Promise<void>;
  showClosureDiff(host: string, generation: number): Promise<void>;
  hideClosureDiff(host: string): void;
  loadClosureSizes(host: string): Promise<void>;
  switchGeneration(host: string, generation: number, reason: string): Promise<boolean>;
  rollbackHost(host: string, to: number, reason: string): Promise<boolean>;
  /** DESTRUCTIVE: restarts the host; the operation waits for a new boot id, then probes it. */
  rebootHost(host: string, reason: string): Promise<boolean>;
}

export const createHostActionsSlice: SliceOf<HostActionsSlice> = (api) => (set, get) => {
  const follow = async (host: string, begin: () => ReturnType<typeof api.hosts.rollback>): Promise<boolean> => {
    try {
      const op = await begin();
      get().applyOperation(op);
      set({ hostOperationIds: { ...get().hostOperationIds, [host]: op.id }, hostActionError: null });
      return true;
    } catch (err) {
      set({ hostActionError: errorText(err) });
      return false;
    }
  };
  const putDiff = (host: string, state: ClosureDiffState): void => set({ closureDiffs: { ...get().closureDiffs, [host]: state } });
  return {
    deploymentsByHost: {},
    closureDiffs: {},
    closureSizes: {},
    hostOperationIds: {},
    hostActionError: null,
    async loadDeployments(host) {
      try {
        set({ deploymentsByHost: { ...get().deploymentsByHost, [host]: await api.deployments.list({ host, limit: 50 }) } });
      } catch (err) {
        set({ hostActionError: errorText(err) });
      }
    },
    async showClosureDiff(host, generation) {
      putDiff(host, { generation, loading: true, diff: null, error: null });
      try {
        const diff = await api.hosts.closureDiff({ name: host, generation });
        if (get().closureDiffs[host]?.generation === generation) putDiff(host, { generation, loading: false, diff, error: null });
      } catch (err) {
        if (get().closureDiffs[host]?.generation === generation)
          putDiff(host, { generation, loading: false, diff: null, error: errorText(err) });
      }
    },
    hideClosureDiff(host) {
      const { [host]: _gone, ...rest } = get().closureDiffs;
      set({ closureDiffs: rest });
    },
    async loadClosureSizes(host) {
      try {
        const r = await api.hosts.closureSizes({ name: host });
        set({ closureSizes: { ...get().closureSizes, [host]: Object.fromEntries(r.sizes.map((s) => [s.generation, s.closureBytes])) } });
      } catch {
        // Sizes are a nicety: the generations table shows "unknown" and everything else still works.
      }
    },
    switchGeneration: (host, generation, reason) =>
      follow(host, () => api.hosts.switchGeneration({ name: host, generation, ...(reason.trim() ? { reason } : {}) })),
    // `to` is the generation the operator saw and confirmed in the dialog, passed explicitly so the
    // host goes exactly there even if the records changed since the screen read them.
    rollbackHost: (host, to, reason) => follow(host, () => api.hosts.rollback({ name: host, to, ...(reason.trim() ? { reason } : {}) })),
    rebootHost: (host, reason) => follow(host, () => api.hosts.reboot({ names: [host], ...(reason.trim() ? { reason } : {}) })),
  };
};
