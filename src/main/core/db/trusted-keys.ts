// The keys a site trusts, as stored: kind, name, base64 key, when added.
// Keys are parsed again on the way out, so a key edited into the database by
// hand (a small-order point, a wrong length) fails loudly instead of being trusted.
import type { SiteDb } from './open-database';
import { formatPublicKey, parsePublicKey, type PublicKey } from '../nix/signing';
import { SiteRefusal } from './db-errors';

/** 'bundle' keys sign bundle manifests; 'nix' keys sign narinfos. */
export type KeyKind = 'bundle' | 'nix';

export interface TrustedKey {
  readonly kind: KeyKind;
  readonly name: string;
  /** The 32-byte ed25519 public key, base64. */
  readonly key: string;
  readonly added: string;
}

export function describeKind(kind: KeyKind): string {
  return kind === 'bundle' ? 'bundle key' : 'Nix key';
}

export function listTrustedKeys(db: SiteDb, kind: KeyKind): readonly TrustedKey[] {
  return db.prepare('SELECT kind, name, key, added FROM trusted_key WHERE kind = ? ORDER BY name').all(kind) as TrustedKey[];
}

export function toPublicKey(key: TrustedKey): PublicKey {
  try {
    return parsePublicKey(`${key.name}:${key.key}`);
  } catch (err) {
    throw new SiteRefusal(
      `the trusted ${describeKind(key.kind)} '${key.name}' stored in the database is unusable: ${(err as Error).message}`,
    );
  }
}

export function countTrustedKeys(db: SiteDb, kind: KeyKind): number {
  return db.prepare('SELECT count(*) FROM trusted_key WHERE kind = ?').pluck().get(kind) as number;
}

/** Inserts a key, refusing a second key of the same name, or the same key under another name. */
export function insertTrustedKey(db: SiteDb, kind: KeyKind, key: PublicKey, added: string): TrustedKey {
  const base64 = key.key.toString('base64');
  const clash = db.prepare('SELECT name, key FROM trusted_key WHERE kind = ? AND (name = ? OR key = ?)').get(kind, key.name, base64) as
    { name: string; key: string } | undefined;
  if (clash?.key === base64) {
    throw new SiteRefusal(
      clash.name === key.name
        ? `${describeKind(kind)} '${key.name}' is already trusted`
        : `that ${describeKind(kind)} is already trusted as '${clash.name}'; one key under two names would count twice toward the threshold`,
    );
  }
  if (clash)
    throw new SiteRefusal(
      `another ${describeKind(kind)} named '${key.name}' is already trusted; signatures name their key, so names must differ`,
    );
  const row: TrustedKey = { kind, name: key.name, key: base64, added };
  db.prepare('INSERT INTO trusted_key (kind, name, key, added) VALUES (@kind, @name, @key, @added)').run(row);
  return row;
}

export function keyText(key: TrustedKey | PublicKey): string {
  return 'added' in key ? `${key.name}:${key.key}` : formatPublicKey(key);
}
