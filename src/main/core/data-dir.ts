// Where Airlock keeps its database and SSH state. The command line defaults to
// the desktop app's own folder so both faces see the same site (cli.md); the
// path is worked out here without Electron, as app.getPath('userData') gives it
// for productName "Airlock": Chromium's per-platform application data folder
// plus the product name.
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { posix, resolve, win32 } from 'node:path';

export const APP_DATA_NAME = 'Airlock';

export interface DataDirEnvironment {
  readonly platform: NodeJS.Platform;
  readonly env: NodeJS.ProcessEnv;
  readonly home: string;
}

const thisMachine = (): DataDirEnvironment => ({ platform: process.platform, env: process.env, home: homedir() });

/** The desktop app's data folder on this (or the given) platform. */
export function defaultDataDir(machine: DataDirEnvironment = thisMachine()): string {
  const { platform, env, home } = machine;
  switch (platform) {
    case 'win32':
      // Electron asks Windows for FOLDERID_RoamingAppData, which %APPDATA% names.
      return win32.join(env.APPDATA || win32.join(home, 'AppData', 'Roaming'), APP_DATA_NAME);
    case 'darwin':
      return posix.join(home, 'Library', 'Application Support', APP_DATA_NAME);
    default:
      // Chromium honours XDG_CONFIG_HOME only when it is set and non-empty.
      return posix.join(env.XDG_CONFIG_HOME || posix.join(home, '.config'), APP_DATA_NAME);
  }
}

/** `--data-dir` / AIRLOCK_DATA_DIR when given (already merged by the CLI), else the app's folder; absolute. */
export function resolveDataDir(explicit: string | undefined, machine?: DataDirEnvironment): string {
  return resolve(explicit ?? defaultDataDir(machine));
}

/**
 * Creates the folder when missing, readable by its owner only: it holds the
 * site's trust and SSH state. An existing folder keeps the mode its owner gave it.
 */
export function ensureDataDir(dir: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}
