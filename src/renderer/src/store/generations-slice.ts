// Each host's generations as the Host screen lists them, read from the host.
import type { GenerationInfo } from '../../../shared/schemas';
import { errorText, type SliceOf } from './types';

export interface HostGenerations {
  readonly loading: boolean;
  readonly reachable: boolean;
  readonly error: string | null;
  /** Newest first, as the engine gives them. */
  readonly generations: readonly GenerationInfo[];
}

export interface GenerationsSlice {
  readonly generationsByHost: Readonly<Record<string, HostGenerations>>;
  loadGenerations(name: string): Promise<void>;
}

export const createGenerationsSlice: SliceOf<GenerationsSlice> = (api) => (set, get) => {
  const put = (name: string, value: HostGenerations): void => set({ generationsByHost: { ...get().generationsByHost, [name]: value } });
  return {
    generationsByHost: {},
    async loadGenerations(name) {
      const before = get().generationsByHost[name];
      put(name, { loading: true, reachable: before?.reachable ?? true, error: null, generations: before?.generations ?? [] });
      try {
        const r = await api.hosts.generations({ name });
        put(name, { loading: false, reachable: r.reachable, error: r.error, generations: r.generations });
      } catch (err) {
        put(name, { loading: false, reachable: false, error: errorText(err), generations: [] });
      }
    },
  };
};
