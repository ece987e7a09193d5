// Reads back the security baseline of the Electron shell (architecture.md,
// "Security baseline"): these are the values window.ts, security.ts,
// app-protocol.ts and ipc.ts apply, so weakening any of them fails here.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  APP_ENTRY_URL,
  allowedRequestSchemes,
  appResponseHeaders,
  appSchemePrivileges,
  contentSecurityPolicy,
  cspDirectives,
  decideWindowOpen,
  grantedPermissions,
  isRequestAllowed,
  isTrustedSenderUrl,
  metaContentSecurityPolicy,
  navigationPolicy,
  secureWebPreferences,
} from '../../src/main/security-settings';
import { resolveAppFile } from '../../src/main/app-files';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The policy as a map of directive → sources, so order and spacing do not matter. */
function parseCsp(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((tokens) => tokens[0] !== '')
      .map(([name, ...sources]) => [name as string, sources]),
  );
}

describe('webPreferences', () => {
  it('isolate, sandbox and deny Node to the renderer', () => {
    expect(secureWebPreferences.contextIsolation).toBe(true);
    expect(secureWebPreferences.sandbox).toBe(true);
    expect(secureWebPreferences.nodeIntegration).toBe(false);
    expect(secureWebPreferences.nodeIntegrationInWorker).toBe(false);
    expect(secureWebPreferences.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keep web security on and the risky features off', () => {
    expect(secureWebPreferences.webSecurity).toBe(true);
    expect(secureWebPreferences.allowRunningInsecureContent).toBe(false);
    expect(secureWebPreferences.experimentalFeatures).toBe(false);
    expect(secureWebPreferences.webviewTag).toBe(false);
    expect(secureWebPreferences.navigateOnDragDrop).toBe(false);
  });

  it('leave the preload to window.ts', () => {
    expect(secureWebPreferences).not.toHaveProperty('preload');
  });
});

describe('app:// scheme', () => {
  it('is where the window loads from, never file://', () => {
    expect(APP_ENTRY_URL).toBe('app://airlock/index.html');
  });

  it('is a secure standard scheme that neither bypasses CSP nor opens CORS or service workers', () => {
    expect(appSchemePrivileges).toMatchObject({
      standard: true,
      secure: true,
      bypassCSP: false,
      corsEnabled: false,
      allowServiceWorkers: false,
    });
  });

  it('serves only files below the renderer folder', () => {
    const dir = '/srv/renderer';
    expect(resolveAppFile(dir, 'app://airlock/')).toBe('/srv/renderer/index.html');
    expect(resolveAppFile(dir, 'app://airlock/assets/index-abc.js')).toBe('/srv/renderer/assets/index-abc.js');
    // Dot segments the URL parser folds (as Chromium does) stay inside the folder…
    expect(resolveAppFile(dir, 'app://airlock/../../secret')).toBe('/srv/renderer/secret');
    expect(resolveAppFile(dir, 'app://airlock/%2e%2e/secret')).toBe('/srv/renderer/secret');
    expect(resolveAppFile(dir, 'app://airlock/%2Fetc%2Fpasswd')).toBe('/srv/renderer/etc/passwd');
    // …and those hidden behind encoded separators are refused, as are NUL and bad escapes.
    for (const escape of [
      'app://airlock/..%2F..%2Fsecret',
      'app://airlock/assets/%2E%2E%2F..%2F..%2Fsecret',
      'app://airlock/a%5c..%5c..%5csecret',
      'app://airlock/x%00.js',
      'app://airlock/%E0%A4%A',
    ]) {
      expect(resolveAppFile(dir, escape), escape).toBeNull();
    }
    expect(resolveAppFile(dir, 'app://other/index.html')).toBeNull();
    expect(resolveAppFile(dir, 'file:///srv/renderer/index.html')).toBeNull();
  });
});

describe('Content-Security-Policy', () => {
  const csp = parseCsp(contentSecurityPolicy);

  it('denies by default and loads scripts and styles only from our own origin', () => {
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('style-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('require-trusted-types-for')).toEqual(["'script'"]);
  });

  it('never allows inline code, eval or remote sources', () => {
    for (const [directive, sources] of csp) {
      for (const source of sources) {
        expect(["'self'", "'none'", "'script'"], `${directive} ${source}`).toContain(source);
      }
    }
    expect(contentSecurityPolicy).not.toMatch(/unsafe|https?:|\*|data:|blob:/);
  });

  it('is sent as a header on every app:// response, with nosniff', () => {
    expect(appResponseHeaders['Content-Security-Policy']).toBe(contentSecurityPolicy);
    expect(appResponseHeaders['X-Content-Type-Options']).toBe('nosniff');
  });

  it('is repeated in index.html, minus what a meta tag cannot carry', () => {
    const html = readFileSync(join(root, 'src/renderer/index.html'), 'utf8');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html);
    expect(meta?.[1]).toBe(metaContentSecurityPolicy);
    const metaCsp = parseCsp(metaContentSecurityPolicy);
    expect(metaCsp.has('frame-ancestors')).toBe(false);
    expect([...metaCsp.keys()].sort()).toEqual(
      Object.keys(cspDirectives)
        .filter((name) => name !== 'frame-ancestors')
        .sort(),
    );
  });
});

describe('windows, navigation and permissions', () => {
  it('deny every window.open, whatever the URL', () => {
    for (const url of ['https://example.org/', 'app://airlock/index.html', 'file:///etc/passwd', 'about:blank']) {
      expect(decideWindowOpen({ url })).toEqual({ action: 'deny' });
    }
  });

  it('block navigation, redirects and webviews', () => {
    expect(navigationPolicy).toEqual({ allowNavigation: false, allowRedirects: false, allowWebviewAttach: false });
  });

  it('grant no permission requests', () => {
    expect(grantedPermissions).toEqual([]);
  });

  it('let requests reach only our own scheme and DevTools', () => {
    expect(allowedRequestSchemes).toEqual(['app:', 'devtools:', 'blob:']);
    expect(isRequestAllowed('app://airlock/assets/index.js')).toBe(true);
    for (const url of [
      'https://example.org/x.js',
      'http://127.0.0.1:8080/',
      'ws://localhost/',
      'file:///etc/passwd',
      'ftp://host/',
      'not a url',
    ]) {
      expect(isRequestAllowed(url), url).toBe(false);
    }
  });
});

describe('IPC sender check', () => {
  it('trusts only frames showing app://airlock', () => {
    expect(isTrustedSenderUrl('app://airlock/index.html')).toBe(true);
    expect(isTrustedSenderUrl('app://airlock/')).toBe(true);
    for (const url of [
      'app://airlock.evil/index.html',
      'app://evil/index.html',
      'https://airlock/index.html',
      'file:///index.html',
      'about:blank',
      '',
      null,
      undefined,
    ]) {
      expect(isTrustedSenderUrl(url), String(url)).toBe(false);
    }
  });
});
