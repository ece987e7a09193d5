// Every screen and host has its own address, as a #fragment (it works the
// same in the web console and under app://, where there is no server to ask
// for paths): Back and Forward move between screens, and a bookmark or a link
// in a report opens the screen it names.
//   #/fleet  #/host/<name>  #/media  #/cache  #/deploy  #/audit  #/settings  #/incident
import type { ScreenName } from './ui-slice';

const SLUGS: Record<ScreenName, string> = {
  Fleet: 'fleet',
  Host: 'host',
  'Media & import': 'media',
  'Offline cache': 'cache',
  Deploy: 'deploy',
  Audit: 'audit',
  Settings: 'settings',
  Incident: 'incident',
};

export interface Route {
  readonly screen: ScreenName;
  /** The Host screen's host. */
  readonly host?: string;
}

export function routeToHash(route: Route): string {
  const slug = SLUGS[route.screen];
  return route.screen === 'Host' && route.host ? `#/${slug}/${encodeURIComponent(route.host)}` : `#/${slug}`;
}

/** The route a #fragment names, or undefined for one that names none (the console's one-time token, an old link). */
export function hashToRoute(hash: string): Route | undefined {
  const match = /^#\/([a-z]+)(?:\/([^/]+))?$/.exec(hash);
  if (!match) return undefined;
  const screen = (Object.keys(SLUGS) as ScreenName[]).find((s) => SLUGS[s] === match[1]);
  if (!screen) return undefined;
  if (screen !== 'Host') return { screen };
  if (!match[2]) return undefined;
  try {
    return { screen, host: decodeURIComponent(match[2]) };
  } catch {
    return undefined;
  }
}
