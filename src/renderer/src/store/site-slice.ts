// The site, its trusted keys and threshold, and this run's settings.
import type { SettingsView, SiteView } from '../../../shared/schemas';
import { errorText, type SliceOf } from './types';

export interface SiteSlice {
  readonly site: SiteView | null;
  readonly siteLoaded: boolean;
  readonly settings: SettingsView | null;
  readonly siteError: string | null;
  loadSite(): Promise<void>;
  addTrustedKey(kind: 'bundle' | 'nix', publicKey: string): Promise<boolean>;
  removeTrustedKey(kind: 'bundle' | 'nix', name: string): Promise<boolean>;
  setThreshold(threshold: number): Promise<boolean>;
  setProbeInterval(ms: number): Promise<boolean>;
}

export const createSiteSlice: SliceOf<SiteSlice> = (api) => (set, get) => {
  /** Runs a change, reloads, and says whether it was accepted (the error is kept to show). */
  const change = async (work: () => Promise<unknown>): Promise<boolean> => {
    try {
      await work();
      await get().loadSite();
      return true;
    } catch (err) {
      set({ siteError: errorText(err) });
      return false;
    }
  };
  return {
    site: null,
    siteLoaded: false,
    settings: null,
    siteError: null,
    async loadSite() {
      try {
        const [site, settings] = await Promise.all([api.site.show(), api.settings.get()]);
        set({ site, settings, siteLoaded: true, siteError: null });
      } catch (err) {
        set({ siteError: errorText(err), siteLoaded: true });
      }
    },
    addTrustedKey: (kind, publicKey) => change(() => api.trust.add({ kind, publicKey })),
    removeTrustedKey: (kind, name) => change(() => api.trust.remove({ kind, name })),
    setThreshold: (threshold) => change(() => api.trust.setThreshold({ threshold })),
    setProbeInterval: (probeIntervalMs) => change(() => api.settings.set({ probeIntervalMs })),
  };
};
