// Composition root of the Electron shell. Thin on purpose: the engine lives in
// src/main/core and knows nothing of Electron; this file only wires windows,
// the app:// protocol, the menu and IPC around it.
import { app, BrowserWindow, Menu } from 'electron';
import { handleAppProtocol, registerAppScheme } from './app-protocol';
import { forwardEvents, handleAllCalls } from './ipc';
import { createService } from './core/service/index';
import { pickFolder } from './folder-dialog';
import { buildMenu } from './menu';
import { hardenDefaultSession, installSecurityPolicies } from './security';
import { createMainWindow } from './window';

// Before ready: scheme privileges, the sandbox switch and the per-webContents
// hooks must all be in place before the first renderer starts.
registerAppScheme();
installSecurityPolicies();

// A second instance would race the first on the site database and the
// removable media; hand over to the running one instead.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let mainWindow: BrowserWindow | null = null;
  const openMainWindow = (): void => {
    const window = createMainWindow();
    window.on('closed', () => {
      if (mainWindow === window) mainWindow = null;
    });
    mainWindow = window;
  };

  app.on('second-instance', () => {
    if (mainWindow === null) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  void app.whenReady().then(() => {
    app.setAboutPanelOptions({ applicationName: 'Airlock', applicationVersion: app.getVersion() });
    hardenDefaultSession();
    handleAppProtocol();
    // The data folder is the CLI's (AIRLOCK_DATA_DIR, else this app's userData), so both see one site.
    const service = createService({
      version: app.getVersion(),
      dataDir: process.env.AIRLOCK_DATA_DIR || app.getPath('userData'),
      pickFolder,
    });
    handleAllCalls(service);
    const stopEvents = forwardEvents(service);
    app.once('will-quit', () => {
      stopEvents();
      service.dispose();
    });
    Menu.setApplicationMenu(buildMenu(app.isPackaged));
    openMainWindow();
    // macOS: clicking the dock icon with no window open brings one back.
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openMainWindow();
    });
  });
}
