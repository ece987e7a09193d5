// The application frame: a sidebar naming every screen Airlock will have and a
// main area for the chosen one. The screens themselves arrive in later
// releases; this frame fixes their names and accessible roles now.
import { useEffect, useState } from 'react';
import type { AirlockApi } from '../../shared/api';

export const screens = ['Fleet', 'Media & import', 'Offline cache', 'Deploy', 'Audit', 'Settings'] as const;
export type ScreenName = (typeof screens)[number];

/** Asks the API for the version; "unknown" when there is no API or it fails. */
function useAppVersion(api: AirlockApi | undefined): string {
  const [version, setVersion] = useState('unknown');
  useEffect(() => {
    if (api === undefined) return;
    let live = true;
    api.app.version().then(
      (value) => live && setVersion(value),
      () => live && setVersion('unknown'),
    );
    return () => {
      live = false;
    };
  }, [api]);
  return version;
}

export function App({ api }: { readonly api: AirlockApi | undefined }) {
  const [current, setCurrent] = useState<ScreenName>('Fleet');
  const version = useAppVersion(api);
  return (
    <div className="shell">
      <aside className="sidebar">
        <p className="brand">
          Airlock
        </p>
        <nav aria-label="Screens">
          <ul>
            {screens.map((screen) => (
              <li key={screen}>
                <button type="button" aria-current={screen === current ? 'page' : undefined} onClick={() => setCurrent(screen)}>
                  {screen}
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <p className="version">Version {version}</p>
      </aside>
      <main aria-labelledby="screen-title">
        <h1 id="screen-title">{current}</h1>
        <p>This screen arrives in a later release.</p>
      </main>
    </div>
  );
}
