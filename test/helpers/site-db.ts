// Site databases for tests: real files in temp folders, opened the way the app
// opens them, and a clock that moves one second per reading.
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, type OpenDatabaseOptions, type SiteDb } from '../../src/main/core/db/open-database';
import type { StoreEnv } from '../../src/main/core/db/store-env';
import { initSite } from '../../src/main/core/db/site-store';
import { addHost } from '../../src/main/core/db/hosts';
import { generateSecretKey, toPublicKey, type PublicKey, type SecretKey } from '../../src/main/core/nix/signing';

export function openTempDatabase(parent: string, options: OpenDatabaseOptions = {}): { readonly db: SiteDb; readonly dataDir: string } {
  const dataDir = join(mkdtempSync(join(parent, 'db-')), 'data');
  return { db: openDatabase(dataDir, options), dataDir };
}

export function tickingEnv(start = '2026-11-20T10:00:00Z', user = 'operator'): StoreEnv {
  let t = Date.parse(start);
  return {
    now: () => new Date((t += 1000) - 1000),
    user: () => user,
  };
}

export function keyPair(name: string): { readonly secret: SecretKey; readonly publicKey: PublicKey } {
  const secret = generateSecretKey(name);
  return { secret, publicKey: toPublicKey(secret) };
}

/** A data folder holding a site (as `airlock site init` leaves it), for tests about what comes after: hosts, checks. */
export function dataDirWithSite(dataDir: string, name = 'fleet'): string {
  const db = openDatabase(dataDir);
  try {
    initSite(db, { name, bundleKeys: [keyPair(`${name}-build-1`).publicKey], nixKeys: [keyPair(`${name}-nix-1`).publicKey], threshold: 1 });
  } finally {
    db.close();
  }
  return dataDir;
}

/** A host record with a made-up pinned key, for tests that never connect to it. */
export function addUnreachableHost(db: SiteDb, name: string, address: string): void {
  addHost(db, {
    name,
    address,
    port: 22,
    user: 'root',
    tags: [],
    hostKey: { type: 'ssh-ed25519', base64: 'AAAA', fingerprint: 'SHA256:abc' },
  });
}
