import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ed25519PublicKeyOf, ed25519Sign, ed25519Verify, isSmallOrderPoint } from '../../../../src/main/core/nix/ed25519';
import {
  formatPublicKey,
  formatSecretKey,
  generateSecretKey,
  parsePublicKey,
  parseSecretKey,
  parseSignature,
  signDetached,
  toPublicKey,
  trustedSigner,
  verifyDetached,
} from '../../../../src/main/core/nix/signing';
import { nix } from '../../../helpers/real-nix';
import { tempDir } from '../../../helpers/tmp';

const tmp = tempDir('airlock-signing-');

describe('ed25519 on raw bytes', () => {
  // RFC 8032 section 7.1, test 2: proves the DER wrapping of raw seeds and keys.
  const seed = Buffer.from('4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb', 'hex');
  const publicKey = Buffer.from('3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c', 'hex');
  const message = Buffer.from('72', 'hex');
  const signature = Buffer.from(
    '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
    'hex',
  );

  it('matches the RFC 8032 test vector', () => {
    expect(ed25519PublicKeyOf(seed).equals(publicKey)).toBe(true);
    expect(ed25519Sign(seed, message).equals(signature)).toBe(true);
    expect(ed25519Verify(publicKey, message, signature)).toBe(true);
    expect(ed25519Verify(publicKey, Buffer.from('73', 'hex'), signature)).toBe(false);
  });

  it('refuses small-order public keys, which OpenSSL alone would accept', () => {
    const zero = Buffer.alloc(32);
    // With the all-zero key, the all-zero signature "verifies" any message in OpenSSL.
    expect(isSmallOrderPoint(zero)).toBe(true);
    expect(ed25519Verify(zero, Buffer.from('anything'), Buffer.alloc(64))).toBe(false);
    const withSignBit = Buffer.from(zero);
    withSignBit[31] = 0x80;
    expect(isSmallOrderPoint(withSignBit)).toBe(true);
    expect(isSmallOrderPoint(publicKey)).toBe(false);
    expect(() => parsePublicKey(`weak:${zero.toString('base64')}`)).toThrow(/"weak" is unusable: a small-order/);
  });

  it('is false, not an exception, for keys and signatures of the wrong size', () => {
    expect(ed25519Verify(publicKey.subarray(1), message, signature)).toBe(false);
    expect(ed25519Verify(publicKey, message, signature.subarray(1))).toBe(false);
  });
});

describe('keys made by Nix', () => {
  const secretText = nix(['nix', 'key', 'generate-secret', '--key-name', 'site-build-1']);
  const secretFile = join(tmp, 'nix.sec');
  writeFileSync(secretFile, secretText);
  const publicText = nix(['nix', 'key', 'convert-secret-to-public'], { input: secretText });

  it('parse and format back to the same text', () => {
    const secret = parseSecretKey(secretText);
    expect(secret.name).toBe('site-build-1');
    expect(formatSecretKey(secret)).toBe(secretText.trim());
    expect(formatPublicKey(parsePublicKey(publicText))).toBe(publicText.trim());
  });

  it('give the public key that nix key convert-secret-to-public gives', () => {
    expect(formatPublicKey(toPublicKey(parseSecretKey(secretText)))).toBe(publicText.trim());
  });

  it('accept a trailing newline, as in a key file written by hand', () => {
    expect(formatSecretKey(parseSecretKey(`${secretText}\n`))).toBe(secretText.trim());
  });
});

describe('keys made by Airlock', () => {
  it('are accepted by nix key convert-secret-to-public, which derives the same public key', () => {
    const secret = generateSecretKey('airlock-test-1');
    const publicText = nix(['nix', 'key', 'convert-secret-to-public'], { input: formatSecretKey(secret) });
    expect(publicText.trim()).toBe(formatPublicKey(toPublicKey(secret)));
    expect(parseSecretKey(formatSecretKey(secret))).toEqual(secret);
  });

  it('are different each time', () => {
    expect(generateSecretKey('a').seed.equals(generateSecretKey('a').seed)).toBe(false);
  });

  it('need a name Nix can carry', () => {
    expect(() => generateSecretKey('')).toThrow(/must be non-empty/);
    expect(() => generateSecretKey('a:b')).toThrow(/without ':'/);
    expect(() => generateSecretKey('a b')).toThrow(/or spaces/);
  });
});

describe('signing and verifying', () => {
  const alice = generateSecretKey('alice');
  const bob = generateSecretKey('bob');
  const trusted = [toPublicKey(alice), toPublicKey(bob)];
  const data = Buffer.from('1;/nix/store/…;sha256:…;1;');

  it('verifies a signature by a trusted key and names the key', () => {
    const line = signDetached(alice, data);
    expect(line.startsWith('alice:')).toBe(true);
    expect(parseSignature(line).signature).toHaveLength(64);
    expect(verifyDetached(data, line, trusted)).toBe(true);
    expect(trustedSigner(data, line, trusted)).toBe(trusted[0]);
    expect(trustedSigner(data.toString('utf8'), signDetached(bob, data), trusted)).toBe(trusted[1]);
  });

  it('rejects other data, unknown names, impostor keys and malformed lines', () => {
    const line = signDetached(alice, data);
    expect(verifyDetached(Buffer.concat([data, Buffer.from('x')]), line, trusted)).toBe(false);
    expect(verifyDetached(data, line, [toPublicKey(bob)])).toBe(false);
    // A key called "alice" that is not alice's.
    const impostor = { ...toPublicKey(generateSecretKey('alice')) };
    expect(verifyDetached(data, line, [impostor])).toBe(false);
    expect(verifyDetached(data, line, [impostor, toPublicKey(alice)])).toBe(true);
    // Bob's signature relabelled as alice's.
    expect(verifyDetached(data, `alice:${signDetached(bob, data).slice('bob:'.length)}`, trusted)).toBe(false);
    for (const bad of ['', 'alice', 'alice:', 'alice:!!!!', `alice:${Buffer.alloc(63).toString('base64')}`, ':abc']) {
      expect(verifyDetached(data, bad, trusted)).toBe(false);
    }
  });
});

describe('malformed keys', () => {
  const secret = generateSecretKey('k');
  const bytes = Buffer.concat([secret.seed, secret.publicKey]);

  it.each([
    ['no colon', bytes.toString('base64'), /has the form NAME:BASE64/],
    ['an empty name', `:${bytes.toString('base64')}`, /has the form NAME:BASE64/],
    ['a space in the name', `a b:${bytes.toString('base64')}`, /must be non-empty, without ':' or spaces/],
    ['bad base64', 'k:not*base64', /"k" is not valid base64/],
    ['base64 without padding', `k:${bytes.toString('base64').replace(/=+$/, '')}`, /not valid base64/],
    ['32 bytes only', `k:${secret.seed.toString('base64')}`, /must be 64 bytes, got 32/],
    [
      'a public half from another key',
      `k:${Buffer.concat([secret.seed, generateSecretKey('k').publicKey]).toString('base64')}`,
      /inconsistent/,
    ],
  ])('secret key with %s', (_label, text, message) => {
    expect(() => parseSecretKey(text)).toThrow(message);
  });

  it.each([
    ['64 bytes', `k:${bytes.toString('base64')}`, /public key "k" must be 32 bytes, got 64/],
    ['no name', secret.publicKey.toString('base64'), /public key has the form NAME:BASE64/],
  ])('public key with %s', (_label, text, message) => {
    expect(() => parsePublicKey(text)).toThrow(message);
  });

  it('signature of the wrong size', () => {
    expect(() => parseSignature(`k:${Buffer.alloc(32).toString('base64')}`)).toThrow(/signature "k" must be 64 bytes, got 32/);
  });
});
