// Remembered choices of this data folder (migration 004).
import type { SiteDb } from './open-database';

export type SettingKey = 'last-cache';

export function getSetting(db: SiteDb, key: SettingKey): string | undefined {
  return db.prepare('SELECT value FROM setting WHERE key = ?').pluck().get(key) as string | undefined;
}

export function setSetting(db: SiteDb, key: SettingKey, value: string): void {
  db.prepare('INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}
