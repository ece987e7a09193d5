// Which screen is shown and which host is open on the Host screen.
import type { SliceOf } from './types';

export const screens = ['Fleet', 'Host', 'Media & import', 'Offline cache', 'Deploy', 'Audit', 'Settings', 'Incident'] as const;
export type ScreenName = (typeof screens)[number];

export interface UiSlice {
  readonly screen: ScreenName;
  /** The host the Host screen shows. */
  readonly openHostName: string | null;
  goTo(screen: ScreenName): void;
  openHost(name: string): void;
  /** The Fleet's selection becomes the Deploy screen's hosts. */
  deploySelectedHosts(): void;
  /** The desktop app has a native folder picker; the web console has none (folders are typed). */
  readonly nativeFolderPicker: boolean;
  loadCapabilities(): Promise<void>;
  /** The chosen folder, or null when the operator cancelled. */
  pickFolder(title: string): Promise<string | null>;
}

export const createUiSlice: SliceOf<UiSlice> = (api) => (set, get) => ({
  screen: 'Fleet',
  openHostName: null,
  nativeFolderPicker: false,
  loadCapabilities: async () => {
    const { nativeFolderPicker } = await api.app.capabilities();
    set({ nativeFolderPicker });
  },
  pickFolder: (title) => api.app.pickFolder({ title }),
  goTo: (screen) => set({ screen }),
  openHost: (name) => {
    set({ screen: 'Host', openHostName: name });
    void get().loadGenerations(name);
    void get().loadDeployments(name);
    void get().loadClosureSizes(name);
    void get().loadBadMarks(name);
    void get().loadProfiles(name);
  },
  deploySelectedHosts: () => {
    get().setDeployHosts(get().selectedHosts);
    set({ screen: 'Deploy' });
    void get().loadDeployBundles();
  },
});
