// Removable media mounted now, updated as they come and go.
import type { MediumView } from '../../../../shared/schemas';
import { formatBytes } from '../../../../shared/format';
import { useApp } from '../../store/use-app';

function MediumRow({ medium }: { readonly medium: MediumView }) {
  const open = useApp((s) => s.openBundleFolder);
  const name = medium.label ?? medium.mountPoint;
  return (
    <li className="card">
      <strong>{name}</strong> <span className="muted">{medium.mountPoint}</span>
      <div className="small">
        {medium.fsName}, {formatBytes(medium.freeBytes)} free of {formatBytes(medium.totalBytes)}; {medium.bundles.length} bundle(s)
        {medium.cache ? `; offline cache with ${medium.cache.accepted.length} bundle(s)` : ''}
      </div>
      {medium.limits ? <div className="small">Note: {medium.limits}</div> : null}
      <button type="button" onClick={() => void open(medium.mountPoint)}>
        Show bundles on {name}
      </button>
    </li>
  );
}

export function MediaList() {
  const media = useApp((s) => s.media);
  return (
    <section aria-labelledby="media-title">
      <h2 id="media-title">Removable media</h2>
      {media.length === 0 ? (
        <p>No removable medium is mounted. Plug one in, or choose a folder below.</p>
      ) : (
        <ul className="cards" aria-label="Media">
          {media.map((m) => (
            <MediumRow key={m.mountPoint} medium={m} />
          ))}
        </ul>
      )}
    </section>
  );
}
