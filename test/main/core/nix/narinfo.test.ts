import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatHash, hashesEqual, parseHash } from '../../../../src/main/core/nix/hash';
import { formatNarInfo, NarInfoError, parseNarInfo } from '../../../../src/main/core/nix/narinfo';
import { printStorePath, storePathBaseName } from '../../../../src/main/core/nix/store-path';
import { buildLinkedPaths, nixCopyToCache, nixSignCache, readNarInfoFiles } from '../../../helpers/nix-binary-cache';
import { nix } from '../../../helpers/real-nix';
import { tempDir } from '../../../helpers/tmp';

const tmp = tempDir('airlock-narinfo-');

// Written by Nix 2.8 (`nix copy --to file://…?compression=xz`, then `nix store sign`).
const NIX_WRITTEN = `StorePath: /nix/store/9fpg2rwql41n7ryz13flv5l5qxb2bj8n-exp-b
URL: nar/005fpzsvawiqrfhx27amhysd2f4fvpg6hsjb6g2ll8rmxn4yx1p5.nar.xz
Compression: xz
FileHash: sha256:005fpzsvawiqrfhx27amhysd2f4fvpg6hsjb6g2ll8rmxn4yx1p5
FileSize: 212
NarHash: sha256:1cy7gnf3i0xs6kzk5912mspkw8k4skv5adim78p15f3n76qqd5cv
NarSize: 336
References: dsv1hqs3h783ghfsq229sb3191rjk1pj-exp-a
Deriver: 5pqr1i7286igsxfffdc0xx65lsi3z86x-exp-b.drv
Sig: test-1:i/9f2JHKH6pvPKgQclUzTHWVKMY0HSDtQBK22XPZevELosatZZvtsbJvuoVy8ykzBP8vDIVzHXuNU+S4rnhbAA==
`;

/** `nix path-info --json` of one path, as Nix itself reads it from the cache. */
interface NixPathInfo {
  readonly path: string;
  readonly narHash: string;
  readonly narSize: number;
  readonly references: readonly string[];
  readonly deriver?: string;
  readonly signatures?: readonly string[];
  readonly url?: string;
  readonly downloadHash?: string;
  readonly downloadSize?: number;
}

function defined<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is missing`);
  return value;
}

function nixReadsCache(cacheDir: string, paths: readonly string[]): readonly NixPathInfo[] {
  const json = nix(['nix', 'path-info', '--json', '--option', 'substituters', '', '--store', `file://${cacheDir}`, ...paths], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return JSON.parse(json) as NixPathInfo[];
}

describe('narinfos written by real Nix', () => {
  const { leaf, mid, top } = buildLinkedPaths();
  const keyFile = join(tmp, 'nix.sec');
  writeFileSync(keyFile, nix(['nix', 'key', 'generate-secret', '--key-name', 'narinfo-test-1']));
  const otherKeyFile = join(tmp, 'nix2.sec');
  writeFileSync(otherKeyFile, nix(['nix', 'key', 'generate-secret', '--key-name', 'narinfo-test-2']));

  for (const compression of ['xz', 'zstd', 'none'] as const) {
    it(`parses a ${compression} cache as Nix does and writes every narinfo back byte for byte`, () => {
      const cache = nixCopyToCache(join(tmp, `cache-${compression}`), [top], compression);
      // Two signatures, so that the order of Sig lines matters.
      nixSignCache(cache, keyFile, [leaf, mid, top]);
      nixSignCache(cache, otherKeyFile, [leaf, mid, top]);
      const files = readNarInfoFiles(cache);
      expect(files.size).toBe(3);
      const fromNix = new Map(nixReadsCache(cache, [leaf, mid, top]).map((p) => [p.path, p]));

      for (const [file, text] of files) {
        const info = parseNarInfo(text, file);
        expect(formatNarInfo(info)).toBe(text);
        expect(`${info.storePath.hashPart}.narinfo`).toBe(file);
        expect(info.compression).toBe(compression);
        expect(info.sigs).toHaveLength(2);
        expect(info.unknownFields).toEqual([]);

        const theirs = fromNix.get(printStorePath(info.storePath));
        if (!theirs) throw new Error(`nix path-info did not report ${printStorePath(info.storePath)}`);
        expect(hashesEqual(info.narHash, parseHash(theirs.narHash))).toBe(true);
        expect(info.narSize).toBe(theirs.narSize);
        expect(info.references.map(printStorePath).sort()).toEqual([...theirs.references].sort());
        expect(info.deriver && printStorePath(info.deriver)).toBe(theirs.deriver);
        expect([...info.sigs].sort()).toEqual([...(theirs.signatures ?? [])].sort());
        expect(info.url).toBe(theirs.url);
        expect(hashesEqual(defined(info.fileHash, 'FileHash'), parseHash(defined(theirs.downloadHash, 'downloadHash')))).toBe(true);
        expect(info.fileSize).toBe(theirs.downloadSize);
      }
      const topInfo = parseNarInfo(files.get(`${top.slice(11, 43)}.narinfo`) ?? '');
      expect(topInfo.references.map(printStorePath).sort()).toEqual([leaf, mid].sort());
      const midInfo = parseNarInfo(files.get(`${mid.slice(11, 43)}.narinfo`) ?? '');
      expect(midInfo.references.map(printStorePath).sort()).toEqual([leaf, mid].sort());
    });
  }

  it('writes narinfos that Nix reads back the same', () => {
    const cache = nixCopyToCache(join(tmp, 'cache-rewritten'), [top], 'xz');
    const before = nixReadsCache(cache, [top, mid, leaf]);
    for (const [file, text] of readNarInfoFiles(cache)) {
      const info = parseNarInfo(text);
      // Unknown fields travel along; Nix ignores them.
      writeFileSync(join(cache, file), formatNarInfo({ ...info, unknownFields: [{ name: 'X-Airlock', value: 'kept' }] }));
    }
    expect(nixReadsCache(cache, [top, mid, leaf])).toEqual(before);
  });

  it('reads a narinfo without Compression as bzip2, and so does Nix', () => {
    const cache = nixCopyToCache(join(tmp, 'cache-bzip2'), [leaf], 'bzip2');
    for (const [file, text] of readNarInfoFiles(cache)) {
      const stripped = text.replace(/^Compression: bzip2\n/m, '');
      expect(stripped).not.toBe(text);
      writeFileSync(join(cache, file), stripped);
      expect(parseNarInfo(stripped).compression).toBe('bzip2');
      expect(formatNarInfo(parseNarInfo(stripped))).toBe(text);
    }
    // Nix can unpack the NAR only if it, too, takes the missing field to mean bzip2.
    const root = join(tmp, 'bzip2-root');
    nix(
      ['nix', 'copy', '--option', 'substituters', '', '--option', 'require-sigs', 'false', '--from', `file://${cache}`, '--to', root, leaf],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    expect(nix(['nix-store', '--store', root, '--verify-path', leaf], { stdio: ['ignore', 'pipe', 'pipe'] })).toBe('');
  });
});

describe('parseNarInfo and formatNarInfo', () => {
  it('reads every field of a Nix-written narinfo', () => {
    const info = parseNarInfo(NIX_WRITTEN);
    expect(printStorePath(info.storePath)).toBe('/nix/store/9fpg2rwql41n7ryz13flv5l5qxb2bj8n-exp-b');
    expect(info.url).toBe('nar/005fpzsvawiqrfhx27amhysd2f4fvpg6hsjb6g2ll8rmxn4yx1p5.nar.xz');
    expect(info.compression).toBe('xz');
    expect(formatHash(defined(info.fileHash, 'FileHash'))).toBe('sha256:005fpzsvawiqrfhx27amhysd2f4fvpg6hsjb6g2ll8rmxn4yx1p5');
    expect(info.fileSize).toBe(212);
    expect(formatHash(info.narHash)).toBe('sha256:1cy7gnf3i0xs6kzk5912mspkw8k4skv5adim78p15f3n76qqd5cv');
    expect(info.narSize).toBe(336);
    expect(info.references.map(storePathBaseName)).toEqual(['dsv1hqs3h783ghfsq229sb3191rjk1pj-exp-a']);
    expect(info.deriver && storePathBaseName(info.deriver)).toBe('5pqr1i7286igsxfffdc0xx65lsi3z86x-exp-b.drv');
    expect(info.sigs).toEqual(['test-1:i/9f2JHKH6pvPKgQclUzTHWVKMY0HSDtQBK22XPZevELosatZZvtsbJvuoVy8ykzBP8vDIVzHXuNU+S4rnhbAA==']);
    expect(info.ca).toBeUndefined();
    expect(formatNarInfo(info)).toBe(NIX_WRITTEN);
  });

  it("writes fields in Nix's order, sets sorted, unknown fields last in their order", () => {
    const shuffled = [
      'X-First: 1',
      'Sig: b-key:sig',
      'CA: fixed:r:sha256:1cy7gnf3i0xs6kzk5912mspkw8k4skv5adim78p15f3n76qqd5cv',
      'NarSize: 336',
      'References: zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz-z 00000000000000000000000000000000-a',
      'Sig: a-key:sig',
      'X-Second: 2',
      'StorePath: /nix/store/9fpg2rwql41n7ryz13flv5l5qxb2bj8n-exp-b',
      'NarHash: sha256-m5WGsTl2uBIuOjU2VfbUZCI+r64ipDL/NLqDOJx9x7M=',
      'System: x86_64-linux',
      'URL: nar/x.nar',
      'Compression: none',
      'X-First: again',
      '',
    ].join('\n');
    expect(formatNarInfo(parseNarInfo(shuffled))).toBe(
      [
        'StorePath: /nix/store/9fpg2rwql41n7ryz13flv5l5qxb2bj8n-exp-b',
        'URL: nar/x.nar',
        'Compression: none',
        'NarHash: sha256:1cy7gnf3i0xs6kzk5912mspkw8k4skv5adim78p15f3n76qqd5cv',
        'NarSize: 336',
        'References: 00000000000000000000000000000000-a zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz-z',
        'System: x86_64-linux',
        'Sig: a-key:sig',
        'Sig: b-key:sig',
        'CA: fixed:r:sha256:1cy7gnf3i0xs6kzk5912mspkw8k4skv5adim78p15f3n76qqd5cv',
        'X-First: 1',
        'X-Second: 2',
        'X-First: again',
        '',
      ].join('\n'),
    );
  });

  it('follows Nix on defaults: empty Compression is bzip2, unknown-deriver is none, empty CA is none', () => {
    const minimal =
      'StorePath: /nix/store/9fpg2rwql41n7ryz13flv5l5qxb2bj8n-exp-b\nURL: u\nCompression: \nNarHash: sha256:1cy7gnf3i0xs6kzk5912mspkw8k4skv5adim78p15f3n76qqd5cv\nNarSize: 1\nReferences: \nDeriver: unknown-deriver\nCA: \n';
    const info = parseNarInfo(minimal);
    expect(info.compression).toBe('bzip2');
    expect(info.deriver).toBeUndefined();
    expect(info.ca).toBeUndefined();
    expect(info.references).toEqual([]);
    expect(info.fileHash).toBeUndefined();
    expect(formatNarInfo(info)).toBe(
      'StorePath: /nix/store/9fpg2rwql41n7ryz13flv5l5qxb2bj8n-exp-b\nURL: u\nCompression: bzip2\nNarHash: sha256:1cy7gnf3i0xs6kzk5912mspkw8k4skv5adim78p15f3n76qqd5cv\nNarSize: 1\nReferences: \n',
    );
  });

  it('refuses to write a value that would start a new line', () => {
    const info = parseNarInfo(NIX_WRITTEN);
    expect(() => formatNarInfo({ ...info, url: 'nar/x\nSig: forged:x' })).toThrow(/cannot write narinfo field "URL"/);
    expect(() => formatNarInfo({ ...info, unknownFields: [{ name: 'Bad Name', value: 'x' }] })).toThrow(/cannot write/);
    expect(() => formatNarInfo({ ...info, unknownFields: [{ name: 'Sig', value: 'forged:x' }] })).toThrow(/Sig cannot be an unknown field/);
  });
});

describe('malformed narinfos', () => {
  const lines = NIX_WRITTEN.trimEnd().split('\n');
  /** NIX_WRITTEN with line `n` (1-based) replaced. */
  const withLine = (n: number, text: string): string => lines.map((l, i) => (i === n - 1 ? text : l)).join('\n') + '\n';

  const cases: [label: string, text: string, line: number, reason: RegExp][] = [
    ['a line without a colon', withLine(3, 'Compression xz'), 3, /expected 'Field: value'/],
    ['a colon without a space', withLine(3, 'Compression:xz'), 3, /expected 'Field: value'/],
    ['an empty line', withLine(5, ''), 5, /expected 'Field: value'/],
    ['a CRLF line end', NIX_WRITTEN.replace('FileSize: 212\n', 'FileSize: 212\r\n'), 5, /FileSize is not a decimal integer/],
    ['a bad NarHash', withLine(6, 'NarHash: sha256:0000'), 6, /not a sha256 hash/],
    ['an unknown hash algorithm', withLine(4, 'FileHash: sha3:005fpzsvawiqrfhx27amhysd2f4fvpg6hsjb6g2ll8rmxn4yx1p5'), 4, /not a hash/],
    [
      'a NarHash in a letter nix32 lacks',
      withLine(6, 'NarHash: sha256:1cy7gnf3i0xs6kzk5912mspkw8k4skv5adim78p15f3n76qqd5ce'),
      6,
      /nix32|not a sha256/,
    ],
    ['a non-integer NarSize', withLine(7, 'NarSize: 33.6'), 7, /NarSize is not a decimal integer/],
    ['a negative FileSize', withLine(5, 'FileSize: -212'), 5, /FileSize is not a decimal integer/],
    ['a NarSize with a leading zero', withLine(7, 'NarSize: 0336'), 7, /NarSize is not a decimal integer/],
    ['a zero NarSize', withLine(7, 'NarSize: 0'), 7, /NarSize must be greater than zero/],
    ['a NarSize beyond 2^53', withLine(7, 'NarSize: 9007199254740993'), 7, /NarSize is too large/],
    ['a StorePath outside /nix/store', withLine(1, 'StorePath: /tmp/9fpg2rwql41n7ryz13flv5l5qxb2bj8n-exp-b'), 1, /not in \/nix\/store/],
    ['a StorePath with a short hash', withLine(1, 'StorePath: /nix/store/9fpg2rwql41n7-exp-b'), 1, /not a store path name/],
    ['a reference with a bad name', withLine(8, 'References: dsv1hqs3h783ghfsq229sb3191rjk1pj-exp/a'), 8, /character outside/],
    [
      'a reference given as a full path',
      withLine(8, 'References: /nix/store/dsv1hqs3h783ghfsq229sb3191rjk1pj-exp-a'),
      8,
      /not a store path name/,
    ],
    [
      'two spaces between references',
      withLine(8, 'References: dsv1hqs3h783ghfsq229sb3191rjk1pj-exp-a  dsv1hqs3h783ghfsq229sb3191rjk1pj-exp-b'),
      8,
      /empty entry/,
    ],
    [
      'a reference listed twice',
      withLine(8, 'References: dsv1hqs3h783ghfsq229sb3191rjk1pj-exp-a dsv1hqs3h783ghfsq229sb3191rjk1pj-exp-a'),
      8,
      /twice/,
    ],
    ['a bad Deriver', withLine(9, 'Deriver: nonsense'), 9, /not a store path name/],
    ['an empty URL', withLine(2, 'URL: '), 2, /URL is empty/],
    ['an empty Sig', withLine(10, 'Sig: '), 10, /Sig is empty/],
    ['a second URL', NIX_WRITTEN + 'URL: nar/other.nar.xz\n', 11, /URL appears twice \(first on line 2\)/],
    ['a second References', NIX_WRITTEN + 'References: \n', 11, /References appears twice \(first on line 8\)/],
    ['a second NarSize', NIX_WRITTEN + 'NarSize: 336\n', 11, /NarSize appears twice/],
    ['a field name with a space', withLine(10, 'Sig nature: x'), 10, /is not a field name/],
  ];

  for (const [label, text, line, reason] of cases) {
    it(`rejects ${label}, naming line ${line}`, () => {
      let error: unknown;
      try {
        parseNarInfo(text, 'abc.narinfo');
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(NarInfoError);
      const e = error as NarInfoError;
      expect(e.line).toBe(line);
      expect(e.message).toMatch(new RegExp(`^abc\\.narinfo line ${line}: `));
      expect(e.message).toMatch(reason);
      // The offending line is quoted in the message.
      const offending = text.split('\n')[line - 1] ?? '';
      expect(e.lineText).toBe(offending);
      expect(e.message).toContain(JSON.stringify(offending));
    });
  }

  for (const field of ['StorePath', 'URL', 'NarHash', 'NarSize']) {
    it(`rejects a narinfo without ${field}`, () => {
      const text = `${lines.filter((l) => !l.startsWith(`${field}: `)).join('\n')}\n`;
      expect(() => parseNarInfo(text)).toThrow(new RegExp(`^narinfo: missing required field ${field}$`));
    });
  }

  it('rejects an empty file, listing every missing field', () => {
    expect(() => parseNarInfo('')).toThrow('missing required field StorePath, URL, NarHash, NarSize');
  });

  it('shortens a very long offending line in the message but keeps it whole in lineText', () => {
    const long = `NarSize: ${'9'.repeat(500)}x`;
    try {
      parseNarInfo(withLine(7, long));
      throw new Error('parsed');
    } catch (err) {
      expect((err as NarInfoError).message.length).toBeLessThan(400);
      expect((err as NarInfoError).lineText).toBe(long);
    }
  });
});
