// What a generation weighs, for the Host screen's Sizes panel: the engine's
// closure report (total, and the paths by what each alone adds) and, for a
// path the operator asks about, the chain of references that pulls it in.
import type { ClosureReportView, ClosureWhyView } from '../../../shared/schemas';
import { errorText, type SliceOf } from './types';

/** How many of the heaviest paths the panel lists. */
export const WEIGHTS_SHOWN = 15;

export interface WhyState {
  readonly path: string;
  readonly loading: boolean;
  readonly why: ClosureWhyView | null;
  readonly error: string | null;
}

export interface ClosureWeightState {
  readonly generation: number;
  readonly loading: boolean;
  readonly report: ClosureReportView | null;
  readonly error: string | null;
  readonly why: WhyState | null;
}

export interface ClosureWeightsSlice {
  /** The Sizes panel of each host's screen (one generation at a time per host). */
  readonly closureWeights: Readonly<Record<string, ClosureWeightState>>;
  showClosureWeights(host: string, generation: number): Promise<void>;
  hideClosureWeights(host: string): void;
  explainPath(host: string, path: string): Promise<void>;
}

export const createClosureWeightsSlice: SliceOf<ClosureWeightsSlice> = (api) => (set, get) => {
  const put = (host: string, state: ClosureWeightState): void => set({ closureWeights: { ...get().closureWeights, [host]: state } });
  return {
    closureWeights: {},
    async showClosureWeights(host, generation) {
      put(host, { generation, loading: true, report: null, error: null, why: null });
      const still = (): ClosureWeightState | undefined => {
        const now = get().closureWeights[host];
        return now?.generation === generation ? now : undefined;
      };
      try {
        const report = await api.hosts.closureReport({ name: host, generation, top: WEIGHTS_SHOWN });
        const now = still();
        if (now) put(host, { ...now, loading: false, report });
      } catch (err) {
        const now = still();
        if (now) put(host, { ...now, loading: false, error: errorText(err) });
      }
    },
    hideClosureWeights(host) {
      const { [host]: _gone, ...rest } = get().closureWeights;
      set({ closureWeights: rest });
    },
    async explainPath(host, path) {
      const shown = get().closureWeights[host];
      if (!shown) return;
      const { generation } = shown;
      put(host, { ...shown, why: { path, loading: true, why: null, error: null } });
      const settle = (why: WhyState): void => {
        const now = get().closureWeights[host];
        if (now?.generation === generation && now.why?.path === path) put(host, { ...now, why });
      };
      try {
        settle({ path, loading: false, why: await api.hosts.closureWhy({ name: host, generation, path }), error: null });
      } catch (err) {
        settle({ path, loading: false, why: null, error: errorText(err) });
      }
    },
  };
};
