// Health checks per host and per tag (Settings): listed, added and removed;
// the engine runs them after every activation.
import type { HealthCheckInput, HealthCheckView } from '../../../shared/schemas';
import { errorText, type SliceOf } from './types';

export interface ChecksSlice {
  readonly checks: readonly HealthCheckView[];
  readonly checksError: string | null;
  loadChecks(): Promise<void>;
  addCheck(input: HealthCheckInput): Promise<boolean>;
  removeCheck(id: number): Promise<void>;
}

export const createChecksSlice: SliceOf<ChecksSlice> = (api) => (set, get) => ({
  checks: [],
  checksError: null,
  async loadChecks() {
    try {
      set({ checks: await api.checks.list(), checksError: null });
    } catch (err) {
      set({ checksError: errorText(err) });
    }
  },
  async addCheck(input) {
    try {
      await api.checks.add(input);
      await get().loadChecks();
      return true;
    } catch (err) {
      set({ checksError: errorText(err) });
      return false;
    }
  },
  async removeCheck(id) {
    try {
      await api.checks.remove({ id });
      await get().loadChecks();
    } catch (err) {
      set({ checksError: errorText(err) });
    }
  },
});
