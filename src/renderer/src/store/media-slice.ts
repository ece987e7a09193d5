// Removable media as they come and go, and the bundles in the folder the
// operator chose (a stick, or a folder standing in for one).
import type { BundleFolderView, BundleInspectionView, MediumView } from '../../../shared/schemas';
import { errorText, type SliceOf } from './types';

export interface MediaSlice {
  readonly media: readonly MediumView[];
  readonly mediaError: string | null;
  readonly bundleFolder: BundleFolderView | null;
  readonly bundleFolderError: string | null;
  /** Signers and sizes of each inspected bundle, by folder. */
  readonly inspections: Readonly<Record<string, BundleInspectionView>>;
  loadMedia(): Promise<void>;
  setMedia(media: readonly MediumView[]): void;
  openBundleFolder(folder: string): Promise<void>;
  inspectBundle(folder: string): Promise<void>;
}

export const createMediaSlice: SliceOf<MediaSlice> = (api) => (set, get) => ({
  media: [],
  mediaError: null,
  bundleFolder: null,
  bundleFolderError: null,
  inspections: {},
  async loadMedia() {
    try {
      set({ media: await api.media.list(), mediaError: null });
    } catch (err) {
      set({ mediaError: errorText(err) });
    }
  },
  setMedia: (media) => set({ media }),
  async openBundleFolder(folder) {
    try {
      const view = await api.bundles.list({ folder });
      set({ bundleFolder: view, bundleFolderError: null });
      // Signers are worth seeing before a verify; inspecting reads only small files.
      await Promise.all(view.bundles.map((b) => get().inspectBundle(b.folder)));
    } catch (err) {
      set({ bundleFolder: null, bundleFolderError: errorText(err) });
    }
  },
  async inspectBundle(folder) {
    try {
      const inspection = await api.bundles.inspect({ folder });
      set({ inspections: { ...get().inspections, [folder]: inspection } });
    } catch {
      // A bundle too broken to inspect still gets verified; the refusal will say why.
    }
  },
});
