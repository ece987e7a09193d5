// narinfos that Nix cannot read are refused (issue 13, defect 3). Each case is
// put before real Nix 2.8 (`nix path-info --store file://…` on a cache holding
// it), which must refuse it too, and Airlock must name the offending line.
// The forms Nix reads are read by both: refusing those would refuse real caches.
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatNarInfo, NarInfoError, parseNarInfo } from '../../../../src/main/core/nix/narinfo';
import { nixCopyToCache, readNarInfoFiles } from '../../../helpers/nix-binary-cache';
import { nix } from '../../../helpers/real-nix';
import { tempDir } from '../../../helpers/tmp';

const tmp = tempDir('airlock-narinfo-nix-');
mkdirSync(join(tmp, 'src'));
const source = join(tmp, 'src', 'airlock-ca-source');
writeFileSync(source, `content-addressed ${randomBytes(8).toString('hex')}\n`);
// nix-store --add makes a content-addressed path, so Nix writes a CA: line of its own (line 9).
const path = nix(['nix-store', '--add', source]).trim();
const base = nixCopyToCache(join(tmp, 'base'), [path], 'none');
const [[file, original]] = [...readNarInfoFiles(base)] as [[string, string]];
const CA_LINE = 9;

const H = /^CA: fixed:r:sha256:([0-9a-z]{52})$/m.exec(original)?.[1] as string;
const hex = Buffer.alloc(32, 0xab).toString('hex');
const b64 = Buffer.alloc(32, 0xab).toString('base64');
const withCa = (value: string): string => original.replace(/^CA: .*$/m, `CA: ${value}`);

let caches = 0;
/** Nix 2.8's verdict on a cache whose narinfo is `text`: undefined when it reads it, else its error. */
function nixRefusal(text: string): string | undefined {
  const dir = join(tmp, `cache-${++caches}`);
  cpSync(base, dir, { recursive: true });
  writeFileSync(join(dir, file), text);
  try {
    nix(['nix', 'path-info', '--json', '--option', 'substituters', '', '--store', `file://${dir}`, path], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

function airlockRefusal(text: string): NarInfoError | undefined {
  try {
    parseNarInfo(text, file);
    return undefined;
  } catch (err) {
    if (err instanceof NarInfoError) return err;
    throw err;
  }
}

const refused: [label: string, text: string, line: number, reason: RegExp][] = [
  ['no final newline', original.slice(0, -1), CA_LINE, /ends without a newline after this line, and Nix refuses/],
  ['a CA that is not a content address', withCa('garbage'), CA_LINE, /CA is not a content address/],
  ['a CA with nothing after the method', withCa('fixed'), CA_LINE, /CA is not a content address/],
  ['a CA without an algorithm', withCa(`fixed:${H}`), CA_LINE, /CA has no '<algo>:<hash>' after 'fixed:'/],
  ['a CA with an unknown algorithm', withCa(`fixed:r:sha3:${H}`), CA_LINE, /unknown hash algorithm 'sha3'/],
  ['a CA with an empty algorithm', withCa(`fixed::${H}`), CA_LINE, /unknown hash algorithm ''/],
  ["a CA with current Nix's experimental git method", withCa(`fixed:git:sha1:${'0'.repeat(32)}`), CA_LINE, /unknown hash algorithm 'git'/],
  ['a CA with r: twice', withCa(`fixed:r:r:sha256:${H}`), CA_LINE, /unknown hash algorithm 'r'/],
  ['a CA in upper case', withCa(`FIXED:r:sha256:${H}`), CA_LINE, /CA is not a content address/],
  ['a CA hash in SRI form', withCa(`fixed:r:sha256-${b64}`), CA_LINE, /CA has no '<algo>:<hash>' after 'fixed:'/],
  ['a CA hash with its own algo: prefix', withCa(`fixed:r:sha256:sha256:${H}`), CA_LINE, /CA hash 'sha256:.*' is not a sha256 hash/],
  ['a CA hash one character short', withCa(`fixed:r:sha256:${H.slice(1)}`), CA_LINE, /is not a sha256 hash/],
  ['a CA hash with a letter nix32 lacks', withCa(`fixed:r:sha256:${H.slice(0, -1)}e`), CA_LINE, /is not a sha256 hash/],
  ['a CA hash with bits beyond 32 bytes', withCa(`fixed:r:sha256:z${H.slice(1)}`), CA_LINE, /is not a sha256 hash/],
  ['a CA hash in upper-case nix32', withCa(`fixed:r:sha256:${H.toUpperCase()}`), CA_LINE, /is not a sha256 hash/],
  ['a CA hash in base64 without padding', withCa(`fixed:r:sha256:${b64.replace(/=+$/, '')}`), CA_LINE, /is not a sha256 hash/],
  ['a CA hash followed by a space', withCa(`fixed:r:sha256:${H} `), CA_LINE, /is not a sha256 hash/],
  ['a text CA with sha1', withCa(`text:sha1:${'0'.repeat(32)}`), CA_LINE, /CA 'text:' must use sha256, not sha1/],
  ['a text CA with r:', withCa(`text:r:sha256:${H}`), CA_LINE, /unknown hash algorithm 'r'/],
  ['a text CA with an empty hash', withCa('text:sha256:'), CA_LINE, /is not a sha256 hash/],
  ['a fixed CA with r: and nothing more', withCa('fixed:r:'), CA_LINE, /CA has no '<algo>:<hash>'/],
  // Refused before too; kept here so the agreement with Nix stays checked.
  ['a second CA', `${original}CA: fixed:r:sha256:${H}\n`, CA_LINE + 1, /CA appears twice/],
  ['an empty FileSize', original.replace(/^FileSize: .*$/m, 'FileSize: '), 5, /FileSize is not a decimal integer/],
  ['an empty NarHash', original.replace(/^NarHash: .*$/m, 'NarHash: '), 6, /not a hash/],
  ['a NarSize beyond 64 bits', original.replace(/^NarSize: .*$/m, 'NarSize: 18446744073709551616'), 7, /NarSize is too large/],
  ['an empty Deriver', `${original}Deriver: \n`, CA_LINE + 1, /not a store path name/],
  ['CRLF line ends', original.replaceAll('\n', '\r\n'), 1, /is not a valid store path/],
];

const accepted: [label: string, text: string][] = [
  ['the narinfo Nix wrote', original],
  ['a flat fixed CA', withCa(`fixed:sha256:${H}`)],
  ['a fixed md5 CA in nix32', withCa(`fixed:md5:${'0'.repeat(26)}`)],
  ['a fixed md5 CA in base16', withCa(`fixed:md5:${'ab'.repeat(16)}`)],
  ['a fixed sha1 CA', withCa(`fixed:r:sha1:${'0'.repeat(32)}`)],
  ['a fixed sha1 CA in base64', withCa(`fixed:r:sha1:${Buffer.alloc(20, 7).toString('base64')}`)],
  ['a fixed sha512 CA', withCa(`fixed:r:sha512:${'0'.repeat(103)}`)],
  ['a fixed sha512 CA in base64', withCa(`fixed:sha512:${Buffer.alloc(64, 7).toString('base64')}`)],
  ['a CA hash in base16', withCa(`fixed:r:sha256:${hex}`)],
  ['a CA hash in upper-case base16', withCa(`fixed:r:sha256:${hex.toUpperCase()}`)],
  ['a CA hash in base64', withCa(`fixed:r:sha256:${b64}`)],
  ['a text CA', withCa(`text:sha256:${H}`)],
];

describe('narinfos Nix 2.8 refuses', () => {
  it('the narinfo Nix wrote has a CA line on line 9', () => {
    expect(original.split('\n')[CA_LINE - 1]).toBe(`CA: fixed:r:sha256:${H}`);
  });

  for (const [label, text, line, reason] of refused) {
    it(`refuses ${label}, as Nix does, naming line ${line}`, () => {
      expect(nixRefusal(text), 'Nix 2.8 reads it').toBeDefined();
      const e = airlockRefusal(text);
      expect(e, 'Airlock accepted it').toBeInstanceOf(NarInfoError);
      expect(e?.line).toBe(line);
      expect(e?.message).toMatch(new RegExp(`^${file.replace('.', '\\.')} line ${line}: `));
      expect(e?.message).toMatch(reason);
      expect(e?.message).toContain(JSON.stringify(text.split('\n')[line - 1]));
    });
  }

  for (const [label, text] of accepted) {
    it(`reads ${label}, as Nix does, and writes it back byte for byte`, () => {
      expect(nixRefusal(text)).toBeUndefined();
      expect(formatNarInfo(parseNarInfo(text, file))).toBe(text);
    });
  }

  it('reads an empty CA as "not content-addressed", as Nix does, and leaves the line out when writing', () => {
    const text = withCa('');
    expect(nixRefusal(text)).toBeUndefined();
    expect(parseNarInfo(text).ca).toBeUndefined();
    expect(formatNarInfo(parseNarInfo(text))).toBe(original.replace(/^CA: .*\n/m, ''));
  });
});

describe('narinfos newer Nix refuses', () => {
  // Nix 2.34 on parses each Sig as <key name>:<base64> (Signature::parse) and refuses the narinfo otherwise.
  for (const sig of ['no-colon', ':AAAA', 'key:', 'key:not base64!', 'key:AAAA=x']) {
    it(`refuses the Sig '${sig}', even though Nix 2.8 reads it`, () => {
      const text = `${original}Sig: ${sig}\n`;
      expect(nixRefusal(text)).toBeUndefined();
      expect(airlockRefusal(text)?.message).toMatch(/line 10: Sig.*newer Nix refuses to read such a narinfo/);
    });
  }
});

describe('writing a narinfo', () => {
  it('refuses to write a CA no Nix could read', () => {
    const info = parseNarInfo(original);
    expect(() => formatNarInfo({ ...info, ca: 'fixed:r:sha256:nonsense' })).toThrow(/cannot write narinfo of .*CA hash 'nonsense'/);
  });
});
