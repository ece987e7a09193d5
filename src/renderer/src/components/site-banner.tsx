// Which site this window acts on and which offline cache (the medium) it uses,
// on every screen: an operator at 3 a.m. with two sticks on the desk must see
// which one a deploy will read before starting it, and whether it can be
// read (a pulled stick); the Offline cache screen says why.
import { formatBytes } from '../../../shared/format';
import type { CacheStatusView } from '../../../shared/schemas';
import { useApp } from '../store/use-app';

/** Free space, or why the medium cannot say (one text with the path, so the path is never shown alone twice). */
function where(cache: CacheStatusView): string {
  if (cache.problem !== null) return 'cannot be read';
  return cache.freeBytes === null ? 'free space unknown' : `${formatBytes(cache.freeBytes)} free`;
}

export function SiteBanner() {
  const site = useApp((s) => s.site);
  const cache = useApp((s) => s.cache);
  const goTo = useApp((s) => s.goTo);
  return (
    <div className="site-banner" role="group" aria-label="Site and offline cache in use">
      <p>
        Site <strong>{site?.name ?? 'not set up'}</strong>
      </p>
      <p>
        Cache{' '}
        <button type="button" className="link" onClick={() => goTo('Offline cache')}>
          {cache?.root ? `${cache.root} (${where(cache)})` : 'none chosen'}
        </button>
      </p>
    </div>
  );
}
