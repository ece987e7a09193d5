// The site: name, data folder, the floor of accepted bundles.
import { formatTime } from '../../../../shared/format';
import { useApp } from '../../store/use-app';

export function SitePanel() {
  const site = useApp((s) => s.site);
  const settings = useApp((s) => s.settings);
  const openSetup = useApp((s) => s.openSetup);
  const goTo = useApp((s) => s.goTo);
  return (
    <section aria-labelledby="site-title">
      <h2 id="site-title">Site</h2>
      {site ? (
        <dl className="facts">
          <dt>Name</dt>
          <dd>{site.name}</dd>
          <dt>Created</dt>
          <dd>{formatTime(site.created)}</dd>
          <dt>Accepted up to</dt>
          <dd>{site.floor === 0 ? 'no bundle accepted yet' : `sequence ${site.floor}`}</dd>
          <dt>Data folder</dt>
          <dd className="mono">{site.dataDir}</dd>
        </dl>
      ) : (
        <p>
          No site is set up in {settings?.dataDir ?? 'this data folder'} yet.{' '}
          <button type="button" className="link" onClick={() => (openSetup(), goTo('Fleet'))}>
            Set up the site
          </button>
        </p>
      )}
    </section>
  );
}
