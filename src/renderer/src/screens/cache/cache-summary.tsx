// Where the cache is, how big, how much room is left, and what it holds.
import type { CacheStatusView } from '../../../../shared/schemas';
import { formatBytes, formatTime } from '../../../../shared/format';

export function CacheSummary({ cache }: { readonly cache: CacheStatusView }) {
  const systems = [...new Set(cache.bundles.flatMap((b) => b.systems.map((s) => s.host)))].sort();
  return (
    <>
      <dl className="facts">
        <dt>Location</dt>
        <dd className="mono">{cache.root}</dd>
        <dt>Size</dt>
        <dd>
          {formatBytes(cache.fileBytes)} on the medium ({formatBytes(cache.narBytes)} unpacked), {cache.paths} store paths
        </dd>
        <dt>Free space</dt>
        <dd>
          {formatBytes(cache.freeBytes)} of {formatBytes(cache.totalBytes)}
        </dd>
        <dt>Systems held</dt>
        <dd>{systems.join(', ') || 'none'}</dd>
      </dl>
      <table aria-label="Bundles in the cache">
        <thead>
          <tr>
            <th scope="col">Bundle</th>
            <th scope="col">Created</th>
            <th scope="col">Systems</th>
          </tr>
        </thead>
        <tbody>
          {cache.bundles.map((b) => (
            <tr key={b.name}>
              <th scope="row">{b.name}</th>
              <td>{formatTime(b.created)}</td>
              <td>{b.systems.map((s) => s.host).join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {cache.bundles.length === 0 ? <p>No bundle imported yet.</p> : null}
      {cache.unreadable.map((u) => (
        <p key={u.file} className="note note-error">
          bundles/{u.file}: unreadable ({u.problem})
        </p>
      ))}
    </>
  );
}
