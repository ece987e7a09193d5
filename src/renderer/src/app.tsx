// The application frame: the sidebar and the chosen screen, around one store
// made for the API this page was given (preload or web console). Engine events
// are connected here, outside any screen, so every screen sees them.
import { useEffect, useState } from 'react';
import type { AirlockApi } from '../../shared/api';
import { Sidebar } from './components/sidebar';
import { AuditScreen } from './screens/audit/audit-screen';
import { CacheScreen } from './screens/cache/cache-screen';
import { DeployScreen } from './screens/deploy/deploy-screen';
import { FirstRunScreen } from './screens/first-run/first-run-screen';
import { FleetScreen } from './screens/fleet/fleet-screen';
import { HostScreen } from './screens/host/host-screen';
import { IncidentScreen } from './screens/incident/incident-screen';
import { MediaScreen } from './screens/media/media-screen';
import { SettingsScreen } from './screens/settings/settings-screen';
import { createAppStore, type AppStore } from './store/app-store';
import { connectEvents } from './store/events';
import { StoreContext, useApp } from './store/use-app';
import { useHashRoute } from './store/use-hash-route';
import type { ScreenName } from './store/ui-slice';

function Screen({ name }: { readonly name: ScreenName }) {
  const setupOpen = useApp((s) => s.setupOpen);
  switch (name) {
    case 'Fleet':
      return setupOpen ? <FirstRunScreen /> : <FleetScreen />;
    case 'Host':
      return <HostScreen />;
    case 'Media & import':
      return <MediaScreen />;
    case 'Offline cache':
      return <CacheScreen />;
    case 'Deploy':
      return <DeployScreen />;
    case 'Audit':
      return <AuditScreen />;
    case 'Settings':
      return <SettingsScreen />;
    case 'Incident':
      return <IncidentScreen />;
  }
}

/** Loads what every screen starts from; events keep it fresh afterwards. */
function loadEverything(store: AppStore, api: AirlockApi, setVersion: (v: string) => void): void {
  const s = store.getState();
  void api.app.version().then(setVersion, () => setVersion('unknown'));
  void Promise.all([s.loadSite(), s.loadHosts(), s.loadMedia(), s.loadCache(), s.loadAudit(), s.loadJobs(), s.loadOperations()]);
}

function Frame({ version }: { readonly version: string }) {
  const screen = useApp((s) => s.screen);
  const noSite = useApp((s) => s.siteLoaded && s.site === null && s.siteError === null);
  const openSetup = useApp((s) => s.openSetup);
  // A data folder without a site: the Fleet becomes the set-up guide until the operator finishes it.
  useEffect(() => {
    if (noSite) openSetup();
  }, [noSite, openSetup]);
  return (
    <div className="shell">
      <Sidebar version={version} />
      <main aria-labelledby="screen-title">
        <Screen name={screen} />
      </main>
    </div>
  );
}

export function App({ api }: { readonly api: AirlockApi | undefined }) {
  const [store] = useState(() => (api ? createAppStore(api) : undefined));
  const [version, setVersion] = useState('unknown');
  useHashRoute(store);
  useEffect(() => {
    if (!store || !api) return;
    const stop = connectEvents(store, api);
    loadEverything(store, api, setVersion);
    return stop;
  }, [store, api]);
  if (!store) {
    return (
      <main className="no-api" aria-labelledby="screen-title">
        <h1 id="screen-title">Airlock</h1>
        <p>
          This page has no connection to the engine. Open the URL that <code>airlock serve</code> printed (it carries a one-time token).
        </p>
      </main>
    );
  }
  return (
    <StoreContext.Provider value={store}>
      <Frame version={version} />
    </StoreContext.Provider>
  );
}
