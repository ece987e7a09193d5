// GC in two steps: a preview of what would go, then deleting exactly that.
// DESTRUCTIVE: deleted paths are gone from the stick until a bundle brings
// them again; what hosts still run (as last probed) is always kept.
import { useState } from 'react';
import { formatBytes } from '../../../../shared/format';
import { useApp } from '../../store/use-app';

export function GcPanel() {
  const [keep, setKeep] = useState(3);
  const preview = useApp((s) => s.gcPreview);
  const done = useApp((s) => s.gcDone);
  const previewGc = useApp((s) => s.previewGc);
  const runGc = useApp((s) => s.runGc);
  const nothing = preview !== null && preview.deletedBundles.length + preview.deletedPaths.length + preview.orphanNarFiles === 0;
  return (
    <section aria-labelledby="gc-title">
      <h2 id="gc-title">Free space (GC)</h2>
      <div className="toolbar">
        <label>
          Bundles to keep per host
          <input type="number" min={1} value={keep} onChange={(e) => setKeep(Math.max(1, Number(e.target.value) || 1))} />
        </label>
        <button type="button" onClick={() => void previewGc(keep)}>
          Preview GC
        </button>
      </div>
      {preview ? (
        <div role="status" className="note">
          {nothing ? (
            <p>Nothing to delete: every path is kept.</p>
          ) : (
            <>
              <p>
                Would delete {preview.deletedBundles.length} bundle(s) ({preview.deletedBundles.join(', ') || 'none'}) and{' '}
                {preview.deletedPaths.length} store path(s), freeing {formatBytes(preview.bytes)}.
              </p>
              <ul className="details" aria-label="Paths GC would delete">
                {preview.deletedPaths.slice(0, 50).map((p) => (
                  <li key={p} className="mono small">
                    {p}
                  </li>
                ))}
              </ul>
            </>
          )}
          <p>
            Keeping {preview.keptBundles.length} bundle(s) ({preview.keptBundles.join(', ') || 'none'}) and {preview.keptPaths} store
            path(s).
          </p>
          {nothing ? null : (
            <button type="button" className="danger" onClick={() => void runGc(preview.keep)}>
              Delete {preview.deletedPaths.length} paths and {preview.deletedBundles.length} bundles
            </button>
          )}
        </div>
      ) : null}
      {done ? (
        <p role="status" className="note note-ok">
          GC deleted {done.deletedPaths.length} store path(s) and {done.deletedBundles.length} bundle(s), freeing {formatBytes(done.bytes)}.
        </p>
      ) : null}
    </section>
  );
}
