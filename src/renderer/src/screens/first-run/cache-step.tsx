// Step 3 of the first run: the offline cache, normally a folder on the
// removable medium; the same call as the Offline cache screen's (cache init).
import { ErrorNote } from '../../components/error-note';
import { useApp } from '../../store/use-app';
import { FolderForm } from '../media/folder-form';

export function CacheStep({ onNext }: { readonly onNext: () => void }) {
  const cache = useApp((s) => s.cache);
  const error = useApp((s) => s.cacheError);
  const useCache = useApp((s) => s.useCache);
  const ready = cache?.root && !cache.problem;
  return (
    <section aria-labelledby="setup-cache-title">
      <h2 id="setup-cache-title">3. The offline cache</h2>
      <p>Give its folder on the medium (normally &lt;medium&gt;/airlock): an empty folder becomes a new cache, an existing one is used.</p>
      <FolderForm label="Cache folder" action="Use this cache" initial={cache?.root ?? ''} onSubmit={(f) => void useCache(f)} />
      <ErrorNote text={error} title="Cache not chosen" />
      <ErrorNote text={cache?.problem} />
      {ready ? (
        <p role="status" className="note note-ok">
          Offline cache at {cache.root}: {cache.bundles.length} bundle(s), {cache.paths} path(s).
        </p>
      ) : null}
      <div className="toolbar">
        <button type="button" onClick={onNext}>
          {ready ? 'Next: the first host' : 'Skip: choose the cache later'}
        </button>
      </div>
    </section>
  );
}
