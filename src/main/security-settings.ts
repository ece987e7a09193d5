// The security baseline of the Electron shell as plain data and pure functions.
// Nothing here imports Electron at run time (only its types, which vanish), so a
// plain Node test reads these settings back and fails if anyone weakens them.
// The modules that apply them (window.ts, security.ts, app-protocol.ts, ipc.ts)
// take every value from here rather than restating it.
import type { CustomScheme, WebPreferences, HandlerDetails } from 'electron';

/** Pages come from this custom scheme, never from file:// (whose origin is shared by every local file). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'airlock';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * Privileges of the app scheme. `standard` + `secure` give it a real origin so
 * CSP `'self'` and same-origin rules work as they do for https; nothing here
 * bypasses CSP or enables service workers.
 */
export const appSchemePrivileges = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  stream: true,
  corsEnabled: false,
  bypassCSP: false,
  allowServiceWorkers: false,
} as const satisfies NonNullable<CustomScheme['privileges']>;

/**
 * webPreferences of every window. The preload path is added by window.ts; no
 * other key may be set there. Each line is an item of the Electron security
 * checklist: the renderer gets no Node, runs in the OS sandbox, and shares no
 * JavaScript world with the preload.
 */
export const secureWebPreferences = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  safeDialogs: true,
  // Chromium's spellchecker downloads its dictionaries: nothing to fetch on an air-gapped site.
  spellcheck: false,
} as const satisfies WebPreferences;

/**
 * The Content-Security-Policy, as directives so the header and the meta tag
 * cannot drift apart. Everything defaults to nothing; scripts and styles come
 * only from our own origin (no inline code, no eval), and Trusted Types forbid
 * string-to-DOM sinks. Inline `style` attributes set by React go through the
 * CSSOM, which `style-src 'self'` permits.
 */
export const cspDirectives = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'"],
  // The web console calls the engine with fetch() on its own origin; Electron uses IPC.
  'connect-src': ["'self'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'object-src': ["'none'"],
  'frame-src': ["'none'"],
  'frame-ancestors': ["'none'"],
  'require-trusted-types-for': ["'script'"],
  'trusted-types': ["'none'"],
} as const satisfies Record<string, readonly string[]>;

/** Browsers ignore these in a <meta> tag (and warn), so the meta policy leaves them out. */
const headerOnlyDirectives: ReadonlySet<string> = new Set(['frame-ancestors', 'report-uri', 'sandbox']);

function serializeCsp(include: (directive: string) => boolean): string {
  return Object.entries(cspDirectives)
    .filter(([name]) => include(name))
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

/** Sent as a header on every app:// response. */
export const contentSecurityPolicy = serializeCsp(() => true);
/** Repeated in src/renderer/index.html, so the page is locked down however it is served. */
export const metaContentSecurityPolicy = serializeCsp((name) => !headerOnlyDirectives.has(name));

/** Headers on every app:// response. */
export const appResponseHeaders = {
  'Content-Security-Policy': contentSecurityPolicy,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
} as const satisfies Record<string, string>;

/**
 * window.open, target=_blank and friends: always denied. An air-gapped site has
 * no web to open, and a second window would be a second place to harden.
 */
export const windowOpenDecision = { action: 'deny' } as const;
export function decideWindowOpen(_details: Pick<HandlerDetails, 'url'>): typeof windowOpenDecision {
  return windowOpenDecision;
}

/** The single page never navigates away; redirects and <webview> are refused too. */
export const navigationPolicy = {
  allowNavigation: false,
  allowRedirects: false,
  allowWebviewAttach: false,
} as const;

/** Permission requests (camera, notifications, HID…) the renderer may be granted: none. */
export const grantedPermissions: readonly string[] = [];

/**
 * Schemes any request of the default session may use: our own pages and the
 * DevTools front end. Everything else (http, https, ws, file…) is cancelled
 * before it leaves, so no remote content is ever loaded even if CSP slipped.
 */
export const allowedRequestSchemes: readonly string[] = [`${APP_SCHEME}:`, 'devtools:', 'blob:'];

function parseUrl(url: string | null | undefined): URL | null {
  if (!url) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

export function isRequestAllowed(url: string): boolean {
  const parsed = parseUrl(url);
  return parsed !== null && allowedRequestSchemes.includes(parsed.protocol);
}

/**
 * Whether an IPC message comes from a frame showing our own page. Compares
 * scheme and host rather than `URL.origin`, which is "null" for schemes WHATWG
 * does not know, and rather than a string prefix, which `app://airlock.evil`
 * would pass.
 */
export function isTrustedSenderUrl(url: string | null | undefined): boolean {
  const parsed = parseUrl(url);
  return parsed !== null && parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
}
