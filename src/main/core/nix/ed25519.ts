// Ed25519 on raw key bytes (32-byte seed, 32-byte public key, 64-byte signature),
// the form Nix and libsodium store. node:crypto only takes ed25519 keys as DER,
// so raw bytes get the fixed PKCS8/SPKI prefixes of RFC 8410 rather than pulling
// in another dependency.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

export const ED25519_SEED_BYTES = 32;
export const ED25519_PUBLIC_KEY_BYTES = 32;
export const ED25519_SIGNATURE_BYTES = 64;

const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

// Encodings of points of small order (libsodium's blocklist; the sign bit is ignored).
// OpenSSL accepts them as public keys, and with one of them a single forged
// signature verifies many messages (the all-zero key verifies everything with
// an all-zero signature). libsodium, and so Nix, refuses them; so does Airlock.
const SMALL_ORDER_POINTS = [
  '0000000000000000000000000000000000000000000000000000000000000000',
  '0100000000000000000000000000000000000000000000000000000000000000',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
].map((hex) => Buffer.from(hex, 'hex'));

export function isSmallOrderPoint(publicKey: Uint8Array): boolean {
  const unsigned = Buffer.from(publicKey);
  if (unsigned.length === ED25519_PUBLIC_KEY_BYTES) unsigned[31] = (unsigned[31] as number) & 0x7f;
  return SMALL_ORDER_POINTS.some((p) => p.equals(unsigned));
}

function privateKeyObject(seed: Uint8Array): KeyObject {
  if (seed.length !== ED25519_SEED_BYTES) throw new Error(`an ed25519 seed is ${ED25519_SEED_BYTES} bytes, got ${seed.length}`);
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

/** Throws when `publicKey` is not a usable ed25519 public key. */
export function publicKeyObject(publicKey: Uint8Array): KeyObject {
  if (publicKey.length !== ED25519_PUBLIC_KEY_BYTES) {
    throw new Error(`an ed25519 public key is ${ED25519_PUBLIC_KEY_BYTES} bytes, got ${publicKey.length}`);
  }
  if (isSmallOrderPoint(publicKey)) throw new Error('a small-order ed25519 point is not a usable public key');
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, publicKey]), format: 'der', type: 'spki' });
}

function rawPublicKey(key: KeyObject): Buffer {
  return key.export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length);
}

export function ed25519PublicKeyOf(seed: Uint8Array): Buffer {
  return rawPublicKey(createPublicKey(privateKeyObject(seed)));
}

export function ed25519Generate(): { readonly seed: Buffer; readonly publicKey: Buffer } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const seed = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_PREFIX.length);
  return { seed, publicKey: rawPublicKey(publicKey) };
}

export function ed25519Sign(seed: Uint8Array, data: Uint8Array): Buffer {
  return sign(null, data, privateKeyObject(seed));
}

// The few trusted keys verify thousands of narinfos per bundle: each key's
// KeyObject is made once (making it was half the cost of each check).
const keyObjects = new Map<string, KeyObject>();

function verifyingKey(publicKey: Uint8Array): KeyObject {
  const id = Buffer.from(publicKey).toString('hex');
  let key = keyObjects.get(id);
  if (!key) {
    key = publicKeyObject(publicKey);
    if (keyObjects.size >= 64) keyObjects.clear();
    keyObjects.set(id, key);
  }
  return key;
}

/** False for a wrong signature and for a key or signature that is not even well-formed. */
export function ed25519Verify(publicKey: Uint8Array, data: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== ED25519_SIGNATURE_BYTES) return false;
  try {
    return verify(null, data, verifyingKey(publicKey), signature);
  } catch {
    return false;
  }
}
