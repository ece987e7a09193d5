// The one window. Its webPreferences are exactly secureWebPreferences plus the
// preload; the page is loaded from app://, never from file:// or the network.
import { BrowserWindow } from 'electron';
import { fileURLToPath } from 'node:url';
import { APP_ENTRY_URL, secureWebPreferences } from './security-settings';

/** out/main/index.js → out/preload/index.cjs (CommonJS: sandboxed preloads cannot be ES modules). */
const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));

export function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow({
    title: 'Airlock',
    width: 1280,
    height: 800,
    minWidth: 900,
    minHeight: 600,
    // Shown once painted, so operators never see a white flash.
    show: false,
    backgroundColor: '#0f172a',
    webPreferences: { ...secureWebPreferences, preload: preloadPath },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_ENTRY_URL);
  return window;
}
