// nix32, hash forms and store paths, checked against what real Nix prints.
import { describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { decodeNix32, encodeNix32 } from '../../../../src/main/core/nix/nix32';
import { formatHash, parseHash } from '../../../../src/main/core/nix/hash';
import { parseStorePath, parseStorePathBaseName, printStorePath } from '../../../../src/main/core/nix/store-path';
import { nix } from '../../../helpers/real-nix';

describe('nix32', () => {
  it('encodes sha256 and sha1 digests exactly as nix-hash --to-base32', () => {
    const digests = [createHash('sha256').update('airlock').digest(), randomBytes(32), randomBytes(20), Buffer.alloc(32)];
    for (const d of digests) {
      const type = d.length === 20 ? 'sha1' : 'sha256';
      const theirs = nix(['nix-hash', '--type', type, '--to-base32', d.toString('hex')]).trim();
      expect(encodeNix32(d)).toBe(theirs);
      expect(decodeNix32(theirs, d.length).equals(d)).toBe(true);
    }
  });

  it('refuses letters outside the alphabet, wrong lengths and stray high bits', () => {
    const good = encodeNix32(randomBytes(32));
    expect(() => decodeNix32(`e${good.slice(1)}`, 32)).toThrow(/not a nix32 character/);
    expect(() => decodeNix32(good.slice(1), 32)).toThrow(/52 characters/);
    expect(() => decodeNix32(`z${good.slice(1)}`, 32)).toThrow(/bits beyond/);
  });
});

describe('hash forms', () => {
  const digest = createHash('sha256').update('x').digest();
  it('reads nix32, base16, base64 and SRI and prints the form Nix prints', () => {
    const forms = [
      `sha256:${encodeNix32(digest)}`,
      `sha256:${digest.toString('hex')}`,
      `sha256:${digest.toString('base64')}`,
      `sha256-${digest.toString('base64')}`,
    ];
    for (const f of forms) expect(formatHash(parseHash(f))).toBe(`sha256:${encodeNix32(digest)}`);
    expect(formatHash(parseHash(forms[0] as string), 'sri')).toBe(forms[3]);
    const sri = nix(['nix', 'hash', 'to-sri', '--type', 'sha256', encodeNix32(digest)]).trim();
    expect(formatHash(parseHash(forms[0] as string), 'sri')).toBe(sri);
  });

  it('refuses malformed hashes with a reason', () => {
    expect(() => parseHash('sha256:xyz')).toThrow(/not a sha256 hash/);
    expect(() => parseHash('blake3:abc')).toThrow(/not a hash of the form/);
    expect(() => parseHash(`sha256-${Buffer.alloc(31).toString('base64')}`)).toThrow(/SRI/);
  });
});

describe('store paths', () => {
  const hash = encodeNix32(randomBytes(20));
  it('accepts the names Nix accepts', () => {
    for (const name of ['hello-2.12', 'c++=x?y', 'a', '_x.y-z', 'x'.repeat(211)]) {
      const p = parseStorePath(`/nix/store/${hash}-${name}`);
      expect(printStorePath(p)).toBe(`/nix/store/${hash}-${name}`);
    }
  });

  it('refuses what is not a store path, saying why', () => {
    expect(() => parseStorePath(`/tmp/${hash}-x`)).toThrow(/not in \/nix\/store/);
    expect(() => parseStorePath(`/nix/store/${hash}-..`)).toThrow(/the name is '\.\.'/);
    expect(() => parseStorePath(`/nix/store/${hash}-a b`)).toThrow(/character outside/);
    expect(() => parseStorePath(`/nix/store/${hash}-a/b`)).toThrow(/character outside/);
    expect(() => parseStorePath(`/nix/store/${hash}-${'x'.repeat(212)}`)).toThrow(/longer than 211/);
    expect(() => parseStorePath(`/nix/store/${hash}-`)).toThrow(/not a store path name/);
    expect(() => parseStorePathBaseName(`${hash.replace(/./, 'e')}-x`)).toThrow(/not a store path name/);
    expect(() => parseStorePathBaseName('-oProxyCommand=x')).toThrow(/not a store path name/);
  });
});
