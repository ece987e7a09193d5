import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatNarInfo, parseNarInfo, type NarInfo } from '../../../../src/main/core/nix/narinfo';
import { countValidSignatures, narInfoFingerprint, narInfoSigners, signNarInfo } from '../../../../src/main/core/nix/narinfo-signature';
import {
  formatPublicKey,
  formatSecretKey,
  generateSecretKey,
  parsePublicKey,
  parseSecretKey,
  toPublicKey,
  type SecretKey,
} from '../../../../src/main/core/nix/signing';
import { printStorePath } from '../../../../src/main/core/nix/store-path';
import {
  buildLinkedPaths,
  nixCopyFromCacheRequiringSigs,
  nixCopyToCache,
  nixSignCache,
  readNarInfoFiles,
} from '../../../helpers/nix-binary-cache';
import { nix } from '../../../helpers/real-nix';
import { tempDir } from '../../../helpers/tmp';

const tmp = tempDir('airlock-narinfo-sig-');
const paths = buildLinkedPaths();
const all = [paths.leaf, paths.mid, paths.top];
let counter = 0;
const fresh = (label: string): string => join(tmp, `${label}-${++counter}`);

function nixKey(name: string): { readonly file: string; readonly secret: string; readonly public: string } {
  const secret = nix(['nix', 'key', 'generate-secret', '--key-name', name]);
  const file = join(tmp, `${name}.sec`);
  writeFileSync(file, secret);
  return { file, secret, public: nix(['nix', 'key', 'convert-secret-to-public'], { input: secret }).trim() };
}

function narInfos(cacheDir: string): NarInfo[] {
  return [...readNarInfoFiles(cacheDir).values()].map((text) => parseNarInfo(text));
}

/** Replaces every narinfo's Sig lines with Airlock's signature by `key` and rewrites the file. */
function airlockSignCache(cacheDir: string, key: SecretKey): void {
  for (const [file, text] of readNarInfoFiles(cacheDir)) {
    writeFileSync(join(cacheDir, file), formatNarInfo(signNarInfo({ ...parseNarInfo(text), sigs: [] }, key)));
  }
}

describe('the fingerprint', () => {
  it("is Nix's: 1;path;sha256:nix32;size;sorted full reference paths", () => {
    const cache = nixCopyToCache(fresh('fp'), [paths.top], 'xz');
    const top = narInfos(cache).find((i) => printStorePath(i.storePath) === paths.top);
    if (!top) throw new Error('top is missing from the cache');
    const reversed = { ...top, references: [...top.references].reverse() };
    const expected = `1;${paths.top};${nix(['nix-store', '--query', '--hash', paths.top]).trim()};${top.narSize};${[paths.leaf, paths.mid].sort().join(',')}`;
    expect(narInfoFingerprint(top)).toBe(expected);
    expect(narInfoFingerprint(reversed)).toBe(expected);
  });

  it('refuses a NarSize of zero, as Nix does', () => {
    const info = narInfos(nixCopyToCache(fresh('fp0'), [paths.leaf], 'none'))[0];
    if (!info) throw new Error('no narinfo');
    expect(() => narInfoFingerprint({ ...info, narSize: 0 })).toThrow(/NarSize is unknown/);
  });
});

describe('signatures made by Nix', () => {
  const key = nixKey('nix-made-1');

  for (const compression of ['xz', 'zstd', 'none'] as const) {
    it(`verify in Airlock (${compression} cache signed by nix store sign), and Airlock signs byte for byte alike`, () => {
      const cache = nixCopyToCache(fresh(`nix-signed-${compression}`), [paths.top], compression);
      nixSignCache(cache, key.file, all);
      const trusted = [parsePublicKey(key.public)];
      const infos = narInfos(cache);
      expect(infos).toHaveLength(3);
      for (const info of infos) {
        expect(info.sigs).toHaveLength(1);
        expect(countValidSignatures(info, trusted)).toBe(1);
        // ed25519 is deterministic: the same key over the same fingerprint gives Nix's exact line.
        expect(signNarInfo({ ...info, sigs: [] }, parseSecretKey(key.secret)).sigs).toEqual(info.sigs);
        // Any change to what the fingerprint covers breaks the signature.
        expect(countValidSignatures({ ...info, narSize: info.narSize + 1 }, trusted)).toBe(0);
        expect(countValidSignatures({ ...info, references: info.references.slice(1) }, trusted)).toBe(info.references.length > 0 ? 0 : 1);
        // What it does not cover (where and how the NAR is stored) can change freely.
        expect(countValidSignatures({ ...info, url: 'nar/elsewhere.nar', compression: 'none' }, trusted)).toBe(1);
        // A different key of another name, or the right name with other bytes, verifies nothing.
        expect(countValidSignatures(info, [toPublicKey(generateSecretKey('nix-made-1'))])).toBe(0);
        expect(countValidSignatures(info, [])).toBe(0);
      }
    });
  }

  it('are also made by nix copy ?secret-key=, and verify in Airlock', () => {
    const cache = fresh('copy-secret-key');
    nix(['nix', 'copy', '--option', 'substituters', '', '--to', `file://${cache}?compression=zstd&secret-key=${key.file}`, paths.top], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const info of narInfos(cache)) expect(countValidSignatures(info, [parsePublicKey(key.public)])).toBe(1);
  });
});

describe('keys made by Airlock', () => {
  it('sign in nix store sign, and Airlock verifies what Nix signed', () => {
    const secret = generateSecretKey('airlock-made-1');
    const file = join(tmp, 'airlock-made-1.sec');
    writeFileSync(file, formatSecretKey(secret));
    const cache = nixCopyToCache(fresh('airlock-key-nix-sign'), [paths.top], 'xz');
    nixSignCache(cache, file, all);
    for (const info of narInfos(cache)) {
      expect(narInfoSigners(info, [toPublicKey(secret)])).toEqual([toPublicKey(secret)]);
      expect(signNarInfo({ ...info, sigs: [] }, secret).sigs).toEqual(info.sigs);
    }
  });
});

describe('a cache that Airlock signed', () => {
  const airlockKey = generateSecretKey('airlock-site-1');
  const nixMadeKey = nixKey('nix-made-for-airlock-1');

  it('is accepted by real Nix requiring signatures by the Airlock key', () => {
    const cache = nixCopyToCache(fresh('airlock-signed'), [paths.top], 'xz');
    // Signed by Nix first, so that replacing the Sig lines is part of what is tested.
    nixSignCache(cache, nixMadeKey.file, all);
    airlockSignCache(cache, airlockKey);
    for (const info of narInfos(cache)) expect(info.sigs).toEqual([expect.stringMatching(/^airlock-site-1:/)]);
    const root = fresh('root-ok');
    nixCopyFromCacheRequiringSigs(cache, root, formatPublicKey(toPublicKey(airlockKey)), [paths.top]);
    for (const p of all) expect(nix(['nix-store', '--store', root, '--verify-path', p], { stdio: ['ignore', 'pipe', 'pipe'] })).toBe('');
  });

  it('is accepted when Airlock signs with a key that Nix generated', () => {
    const cache = nixCopyToCache(fresh('airlock-signed-nix-key'), [paths.top], 'zstd');
    airlockSignCache(cache, parseSecretKey(nixMadeKey.secret));
    nixCopyFromCacheRequiringSigs(cache, fresh('root-nix-key'), nixMadeKey.public, [paths.top]);
  });

  it('is refused by real Nix trusting another key, or when unsigned', () => {
    const cache = nixCopyToCache(fresh('airlock-signed-wrong'), [paths.top], 'xz');
    const unsignedRoot = fresh('root-unsigned');
    expect(() => nixCopyFromCacheRequiringSigs(cache, unsignedRoot, formatPublicKey(toPublicKey(airlockKey)), [paths.top])).toThrow(
      /lacks a valid signature/,
    );
    airlockSignCache(cache, airlockKey);
    const other = formatPublicKey(toPublicKey(generateSecretKey('airlock-site-1')));
    expect(() => nixCopyFromCacheRequiringSigs(cache, fresh('root-wrong'), other, [paths.top])).toThrow(/lacks a valid signature/);
  });

  it('is refused by real Nix when a signed field was changed afterwards', () => {
    const cache = nixCopyToCache(fresh('airlock-signed-tampered'), [paths.leaf], 'none');
    airlockSignCache(cache, airlockKey);
    for (const [file, text] of readNarInfoFiles(cache)) {
      // The NarHash is covered by the signature: any change must void it.
      const info = parseNarInfo(text);
      const tampered = { ...info, narHash: { ...info.narHash, digest: Buffer.alloc(32, 1) } };
      writeFileSync(join(cache, file), formatNarInfo(tampered));
      expect(countValidSignatures(tampered, [toPublicKey(airlockKey)])).toBe(0);
    }
    expect(() =>
      nixCopyFromCacheRequiringSigs(cache, fresh('root-tampered'), formatPublicKey(toPublicKey(airlockKey)), [paths.leaf]),
    ).toThrow(/lacks a valid signature/);
  });
});

describe('counting signatures', () => {
  const a = generateSecretKey('a');
  const b = generateSecretKey('b');
  const stranger = generateSecretKey('stranger');

  it('counts each trusted key once and ignores signatures by unknown keys or junk', () => {
    const info = narInfos(nixCopyToCache(fresh('count'), [paths.mid], 'none'))[0];
    if (!info) throw new Error('no narinfo');
    const signed = signNarInfo(signNarInfo(signNarInfo({ ...info, sigs: ['junk', 'b:AAAA'] }, a), b), stranger);
    expect(signed.sigs).toHaveLength(4); // junk, a, b, stranger ('b:AAAA' was replaced by b's real one)
    expect(countValidSignatures(signed, [toPublicKey(a), toPublicKey(b)])).toBe(2);
    expect(countValidSignatures({ ...signed, sigs: [...signed.sigs, ...signed.sigs] }, [toPublicKey(a), toPublicKey(b)])).toBe(2);
    expect(narInfoSigners(signed, [toPublicKey(b)]).map((k) => k.name)).toEqual(['b']);
    expect(countValidSignatures(signed, [toPublicKey(generateSecretKey('a'))])).toBe(0);
  });
});
