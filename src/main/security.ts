// Applies the policies of security-settings.ts to Electron. Installed once,
// before any window exists, so every webContents (including ones we never
// meant to create) gets the same treatment.
import { app, session, type Session } from 'electron';
import { decideWindowOpen, grantedPermissions, isRequestAllowed, navigationPolicy } from './security-settings';

function hardenSession(target: Session): void {
  target.setPermissionRequestHandler((_contents, permission, callback) => callback(grantedPermissions.includes(permission)));
  target.setPermissionCheckHandler((_contents, permission) => grantedPermissions.includes(permission));
  // Belt and braces to the CSP: nothing but our own scheme ever leaves the session.
  target.webRequest.onBeforeRequest({ urls: ['<all_urls>'] }, (details, callback) => {
    callback({ cancel: !isRequestAllowed(details.url) });
  });
}

export function installSecurityPolicies(): void {
  // Every renderer in the OS sandbox, whatever a future BrowserWindow forgets to say.
  app.enableSandbox();
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(decideWindowOpen);
    contents.on('will-navigate', (event) => {
      if (!navigationPolicy.allowNavigation) event.preventDefault();
    });
    contents.on('will-redirect', (event) => {
      if (!navigationPolicy.allowRedirects) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => {
      if (!navigationPolicy.allowWebviewAttach) event.preventDefault();
    });
  });
}

/** Needs the app to be ready: sessions do not exist before. */
export function hardenDefaultSession(): void {
  hardenSession(session.defaultSession);
}
