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
  /** Why a bundle could not be inspected, by folder (verifying it will say under which rule). */
  readonly inspectionErrors: Readonly<Record<string, string>>;
  loadMedia(): Promise<void>;
  setMedia(media: readonly MediumView[]): void;
  /** Lists the bundles in `folder`; `unlessChosen`: only if the operator has not opened another folder meanwhile. */
  openBundleFolder(folder: string, unlessChosen?: boolean): Promise<void>;
  inspectBundle(folder: string): Promise<void>;
}

export const createMediaSlice: SliceOf<MediaSlice> = (api) => (set, get) => ({
  media: [],
  mediaError: null,
  bundleFolder: null,
  bundleFolderError: null,
  inspections: {},
  inspectionErrors: {},
  async loadMedia() {
    try {
      set({ media: await api.media.list(), mediaError: null });
    } catch (err) {
      set({ mediaError: errorText(err) });
    }
  },
  setMedia(media) {
    const before = get().media;
    set({ media });
    // A stick just plugged in shows its bundles at once, unless the operator is looking at a folder
    // elsewhere that is still there. A folder on the stick itself was read before it was pulled: read it again.
    const arrived = media.find((m) => !before.some((b) => b.mountPoint === m.mountPoint) && m.bundles.length > 0);
    if (!arrived) return;
    const shown = get().bundleFolder?.folder;
    const on = (folder: string, mountPoint: string): boolean => folder === mountPoint || folder.startsWith(`${mountPoint}/`);
    if (shown !== undefined && on(shown, arrived.mountPoint)) return void get().openBundleFolder(shown, true);
    const onGoneMedium =
      shown !== undefined && before.some((b) => on(shown, b.mountPoint) && !media.some((m) => m.mountPoint === b.mountPoint));
    if (shown === undefined || onGoneMedium) void get().openBundleFolder(arrived.mountPoint, true);
  },
  async openBundleFolder(folder, unlessChosen = false) {
    const before = get().bundleFolder;
    try {
      const view = await api.bundles.list({ folder });
      // The operator opened a folder while this one was read: theirs stays.
      if (unlessChosen && get().bundleFolder !== before) return;
      set({ bundleFolder: view, bundleFolderError: null });
      // Signers are worth seeing before a verify; inspecting reads only small files.
      await Promise.all(view.bundles.map((b) => get().inspectBundle(b.folder)));
    } catch (err) {
      set({ bundleFolder: null, bundleFolderError: errorText(err) });
    }
  },
  async inspectBundle(folder) {
    // A fresh look: an earlier failure (the stick was out) says nothing about now.
    const withoutError = (): Record<string, string> => {
      const { [folder]: _old, ...rest } = get().inspectionErrors;
      return rest;
    };
    set({ inspectionErrors: withoutError() });
    try {
      const inspection = await api.bundles.inspect({ folder });
      set({ inspections: { ...get().inspections, [folder]: inspection }, inspectionErrors: withoutError() });
    } catch (err) {
      // A bundle too broken to inspect still gets verified; the refusal will say under which rule.
      set({ inspectionErrors: { ...get().inspectionErrors, [folder]: errorText(err) } });
    }
  },
});
