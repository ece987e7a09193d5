// Keeps the address bar and the shown screen in step: a screen the operator
// opens becomes a history entry, and Back, Forward or an edited address open
// the screen they name.
import { useEffect } from 'react';
import type { AppStore } from './app-store';
import { hashToRoute, routeToHash, type Route } from './hash-route';

function follow(store: AppStore, route: Route): void {
  const s = store.getState();
  if (route.screen === 'Host' && route.host !== undefined) {
    if (s.screen !== 'Host' || s.openHostName !== route.host) s.openHost(route.host);
  } else if (s.screen !== route.screen) s.goTo(route.screen);
}

export function useHashRoute(store: AppStore | undefined): void {
  useEffect(() => {
    if (!store) return;
    const initial = hashToRoute(window.location.hash);
    if (initial) follow(store, initial);
    const onHash = (): void => {
      const route = hashToRoute(window.location.hash);
      if (route) follow(store, route);
    };
    window.addEventListener('hashchange', onHash);
    const stop = store.subscribe((s) => {
      const hash = routeToHash({ screen: s.screen, ...(s.openHostName ? { host: s.openHostName } : {}) });
      if (window.location.hash !== hash) window.location.hash = hash;
    });
    return () => {
      window.removeEventListener('hashchange', onHash);
      stop();
    };
  }, [store]);
}
