// Where the Electron binary is, without triggering electron's download-on-
// require (which hangs or fails on a machine that cannot reach its host).
// Returns undefined, with the reason, when there is none.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

export function findElectronBinary() {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const bin = join(process.env.ELECTRON_OVERRIDE_DIST_PATH, process.platform === 'win32' ? 'electron.exe' : 'electron');
    return existsSync(bin) ? { path: bin } : { reason: `ELECTRON_OVERRIDE_DIST_PATH has no electron binary (${bin})` };
  }
  const pkg = join(root, 'node_modules/electron');
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) {
    return {
      reason:
        'no Electron binary on this machine: electron@45 installs without it and its download cannot be reached here. ' +
        'Run `npx install-electron` (or set ELECTRON_OVERRIDE_DIST_PATH) where it can be downloaded.',
    };
  }
  const bin = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(bin) ? { path: bin } : { reason: `electron's path.txt names ${bin}, which does not exist` };
}
