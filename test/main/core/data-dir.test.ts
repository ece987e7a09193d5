// The default data folder is the one Electron's app.getPath('userData') gives
// the desktop app (productName Airlock), so the CLI and the app share a site.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir, ensureDataDir, resolveDataDir } from '../../../src/main/core/data-dir';
import { tempDir } from '../../helpers/tmp';

const tmp = tempDir('airlock-data-dir-');

describe('defaultDataDir', () => {
  it('follows Chromium per platform', () => {
    expect(defaultDataDir({ platform: 'linux', env: {}, home: '/home/op' })).toBe('/home/op/.config/Airlock');
    expect(defaultDataDir({ platform: 'linux', env: { XDG_CONFIG_HOME: '/xdg' }, home: '/home/op' })).toBe('/xdg/Airlock');
    expect(defaultDataDir({ platform: 'linux', env: { XDG_CONFIG_HOME: '' }, home: '/home/op' })).toBe('/home/op/.config/Airlock');
    expect(defaultDataDir({ platform: 'darwin', env: {}, home: '/Users/op' })).toBe('/Users/op/Library/Application Support/Airlock');
    expect(defaultDataDir({ platform: 'win32', env: { APPDATA: 'C:\\Users\\op\\AppData\\Roaming' }, home: 'C:\\Users\\op' })).toBe(
      'C:\\Users\\op\\AppData\\Roaming\\Airlock',
    );
    expect(defaultDataDir({ platform: 'win32', env: {}, home: 'C:\\Users\\op' })).toBe('C:\\Users\\op\\AppData\\Roaming\\Airlock');
  });

  it('prefers an explicit folder and makes it absolute', () => {
    expect(resolveDataDir('/srv/airlock', { platform: 'linux', env: {}, home: '/home/op' })).toBe('/srv/airlock');
    expect(resolveDataDir('rel', { platform: 'linux', env: {}, home: '/home/op' })).toBe(join(process.cwd(), 'rel'));
    expect(resolveDataDir(undefined, { platform: 'linux', env: {}, home: '/home/op' })).toBe('/home/op/.config/Airlock');
  });

  it('creates a missing folder readable by its owner only', () => {
    const dir = ensureDataDir(join(tmp, 'a', 'b'));
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });
});
