// The first run: while a data folder holds no site, the app guides its set-up
// (name, trusted bundle keys and threshold, the offline cache, the first host)
// through the same calls the command line's verbs make, so each step is audited
// as theirs are. The guide stays open until the operator closes it, so setting
// up the site does not drop the remaining steps.
import type { SiteSetUpInput } from '../../../shared/schemas';
import { errorText, type SliceOf } from './types';

export interface FirstRunSlice {
  /** The guide is shown in place of the Fleet (the other screens stay reachable). */
  readonly setupOpen: boolean;
  openSetup(): void;
  closeSetup(): void;
  /** `site init`; resolves with the engine's words when it refuses, null when the site is set up. */
  setUpSite(input: SiteSetUpInput): Promise<string | null>;
  /** The public key a file holds, read by the engine (the web console cannot read files). */
  readKeyFile(path: string): Promise<string>;
  /** The desktop app's native file dialog; null when the operator cancelled. */
  pickFile(title: string): Promise<string | null>;
}

export const createFirstRunSlice: SliceOf<FirstRunSlice> = (api) => (set, get) => ({
  setupOpen: false,
  openSetup: () => set({ setupOpen: true }),
  closeSetup: () => set({ setupOpen: false }),
  async setUpSite(input) {
    try {
      await api.site.init(input);
    } catch (err) {
      return errorText(err);
    }
    await get().loadSite();
    return null;
  },
  readKeyFile: async (path) => (await api.keys.readFile({ path })).publicKey,
  pickFile: (title) => api.app.pickFolder({ title, what: 'file' }),
});
