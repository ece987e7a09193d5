// Media & import: media as they come and go, the bundles on one of them (or
// on any folder), and verify / import with live progress.
import { ErrorNote } from '../../components/error-note';
import { useApp } from '../../store/use-app';
import { BundleCard } from './bundle-card';
import { BundleTable, CARDS_UP_TO } from './bundle-table';
import { FolderForm } from '../../components/path-form';
import { MediaList } from './media-list';

export function MediaScreen() {
  const folder = useApp((s) => s.bundleFolder);
  const folderError = useApp((s) => s.bundleFolderError);
  const jobError = useApp((s) => s.jobError);
  const mediaError = useApp((s) => s.mediaError);
  const open = useApp((s) => s.openBundleFolder);
  return (
    <>
      <h1 id="screen-title">Media & import</h1>
      <ErrorNote text={mediaError} />
      <MediaList />
      <section aria-labelledby="bundles-title">
        <h2 id="bundles-title">Bundles</h2>
        <FolderForm label="Bundle folder" action="Show bundles" initial={folder?.folder} onSubmit={(f) => void open(f)} />
        <ErrorNote text={folderError} />
        <ErrorNote text={jobError} title="Cannot start" />
        {folder ? (
          <>
            <p className="muted">
              {folder.bundles.length} bundle(s) in {folder.folder}
            </p>
            {folder.bundles.length > CARDS_UP_TO ? (
              <BundleTable bundles={folder.bundles} />
            ) : (
              folder.bundles.map((b) => <BundleCard key={b.folder} bundle={b} />)
            )}
            {folder.broken.map((b) => (
              <p key={b.folder} className="note note-error">
                {b.folder}: {b.problem}
              </p>
            ))}
          </>
        ) : null}
      </section>
    </>
  );
}
