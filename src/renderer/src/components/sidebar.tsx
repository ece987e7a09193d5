// The sidebar naming every screen; the Host screen opens from the Fleet, so
// the Fleet stays marked while a host is shown. Incident mode has its own
// button at the top, always there and first in the tab order: under stress
// the way back to a working state must not need searching for.
import { useApp } from '../store/use-app';
import { SiteBanner } from './site-banner';
import type { ScreenName } from '../store/ui-slice';

export const sidebarScreens = [
  'Fleet',
  'Media & import',
  'Offline cache',
  'Deploy',
  'Audit',
  'Settings',
] as const satisfies readonly ScreenName[];

export function Sidebar({ version }: { readonly version: string }) {
  const screen = useApp((s) => s.screen);
  const goTo = useApp((s) => s.goTo);
  const openIncident = useApp((s) => s.openIncident);
  const marked = screen === 'Host' ? 'Fleet' : screen;
  return (
    <aside className="sidebar">
      <p className="brand">Airlock</p>
      <SiteBanner />
      <button type="button" className="incident-entry" aria-current={screen === 'Incident' ? 'page' : undefined} onClick={openIncident}>
        ⚠ Incident: roll back hosts
      </button>
      <nav aria-label="Screens">
        <ul>
          {sidebarScreens.map((name) => (
            <li key={name}>
              <button type="button" aria-current={name === marked ? 'page' : undefined} onClick={() => goTo(name)}>
                {name}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <p className="version">Version {version}</p>
    </aside>
  );
}
