// parseNar against hostile NARs made by the test builder, and against real
// `nix-store --dump` output of the shared corpus: it must refuse everything that
// is not canonical, naming the problem, and agree with Nix on everything that is.
import { createHash } from 'node:crypto';
import { lstatSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { NarFormatError, parseNar, type ParseNarOptions } from '../../../../src/main/core/nix/nar-reader';
import { formatHash } from '../../../../src/main/core/nix/hash';
import { buildNarCorpus, CORPUS_BIG_FILE_SIZE, type CorpusPath } from '../../../helpers/nar-corpus';
import { chunked, dir, file, malformedNars, narBytes, narOf, narU64, nested, symlink } from '../../../helpers/nar-builder';
import { buildStorePath, nix, nixBytes } from '../../../helpers/real-nix';

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** What a consumer saw, one line per entry, file contents as their sha256; plus the end entry. */
interface Parsed {
  readonly lines: string[];
  readonly narHash: string;
  readonly narSize: number;
}

type ContentsPolicy = (index: number, size: number) => 'all' | 'first-chunk' | 'none';

async function parse(
  source: AsyncIterable<Uint8Array>,
  options: ParseNarOptions = {},
  policy: ContentsPolicy = () => 'all',
): Promise<Parsed> {
  const lines: string[] = [];
  let fileIndex = 0;
  for await (const entry of parseNar(source, options)) {
    switch (entry.kind) {
      case 'directory':
        lines.push(`dir ${entry.path.toString('hex')}`);
        break;
      case 'symlink':
        lines.push(`symlink ${entry.path.toString('hex')} -> ${entry.target.toString('hex')}`);
        break;
      case 'file': {
        const how = policy(fileIndex++, entry.size);
        let contents = '(unread)';
        if (how === 'all') {
          contents = sha(await readAll(entry.contents));
        } else if (how === 'first-chunk') {
          // Stop after the first slice: the parser must skip the rest itself.
          for await (const part of entry.contents) {
            expect(part.length).toBeGreaterThan(0);
            break;
          }
        }
        lines.push(`file ${entry.path.toString('hex')} exec=${entry.executable} size=${entry.size} ${contents}`);
        break;
      }
      case 'end':
        return { lines, narHash: formatHash(entry.narHash), narSize: entry.narSize };
    }
  }
  throw new Error('parseNar stopped without an end entry');
}

async function readAll(contents: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of contents) parts.push(Buffer.from(part));
  return Buffer.concat(parts);
}

/** Runs parseNar to the end and returns the NarFormatError it must throw. */
async function refusal(bytes: Buffer, options: ParseNarOptions = {}, chunkSize?: number): Promise<NarFormatError> {
  try {
    await parse(chunked(bytes, chunkSize), options);
  } catch (err) {
    expect(err).toBeInstanceOf(NarFormatError);
    return err as NarFormatError;
  }
  throw new Error('parseNar accepted a malformed NAR');
}

/** The same lines `parse` gives, made by walking a tree on disk, as Nix would serialise it. */
function walk(root: string): string[] {
  const lines: string[] = [];
  const visit = (abs: string, rel: Buffer): void => {
    const st = lstatSync(abs);
    const hex = rel.toString('hex');
    if (st.isSymbolicLink()) {
      lines.push(`symlink ${hex} -> ${readlinkSync(abs, { encoding: 'buffer' }).toString('hex')}`);
    } else if (st.isFile()) {
      lines.push(`file ${hex} exec=${(st.mode & 0o100) !== 0} size=${st.size} ${sha(readFileSync(abs))}`);
    } else {
      lines.push(`dir ${hex}`);
      const names = readdirSync(abs, { encoding: 'buffer' }).sort(Buffer.compare);
      for (const name of names) {
        visit(join(abs, name.toString()), rel.length === 0 ? name : Buffer.concat([rel, Buffer.from('/'), name]));
      }
    }
  };
  visit(root, Buffer.alloc(0));
  return lines;
}

/** Plain Uint8Array chunks of 1, 2, 3… bytes with an empty chunk before each. */
async function* unevenChunks(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  let size = 1;
  for (let i = 0; i < bytes.length; i += size, size = (size % 997) + 1) {
    yield new Uint8Array(0);
    yield new Uint8Array(bytes.subarray(i, i + size));
  }
  yield new Uint8Array(0);
}

/** What Nix itself says about a store path. */
function nixInfo(path: string): { narHash: string; narSize: number } {
  return {
    narHash: nix(['nix-store', '-q', '--hash', path]).trim(),
    narSize: Number(nix(['nix-store', '-q', '--size', path]).trim()),
  };
}

describe('the test NAR builder', () => {
  it('writes byte for byte what nix-store --dump writes for the same tree', () => {
    const path = buildStorePath(
      'airlock-nar-builder-check',
      [
        '/usr/bin/mkdir -p $out/c/empty',
        "printf '#!/bin/sh\\n' > $out/a",
        '/usr/bin/chmod 755 $out/a',
        '/usr/bin/ln -s a $out/b',
        "printf '12345678' > $out/c/eight",
        ': > $out/c/nothing',
      ].join('\n'),
    );
    const built = narOf(
      dir(
        ['a', file('#!/bin/sh\n', true)],
        ['b', symlink('a')],
        ['c', dir(['eight', file('12345678')], ['empty', dir()], ['nothing', file('')])],
      ),
    );
    expect(built.equals(nixBytes(['nix-store', '--dump', path]))).toBe(true);
  });
});

describe('parseNar refuses malformed NARs', () => {
  const outside = '/tmp/airlock-outside-the-target';
  for (const bad of malformedNars(outside)) {
    it(`refuses ${bad.name}`, async () => {
      const options = bad.sized ? { expectedSize: bad.bytes.length } : {};
      const err = await refusal(bad.bytes, options);
      expect(err.problem).toMatch(bad.problem);
      // The message a user sees carries the problem and where it is.
      expect(err.message).toContain(err.problem);
      expect(err.message).toMatch(/^malformed NAR at byte \d+/);
      // Same verdict when the bytes trickle in one at a time (tokens split across chunks).
      const trickled = await refusal(bad.bytes, options, 1);
      expect(trickled.problem).toBe(err.problem);
      if (bad.fixed) {
        const fixedOptions = bad.sized ? { expectedSize: bad.fixed.length } : {};
        await expect(parse(chunked(bad.fixed), fixedOptions)).resolves.toMatchObject({ narSize: bad.fixed.length });
      }
    });
  }

  it('names the entry where the problem is', async () => {
    const err = await refusal(narOf(dir(['sub', dir(['b', file('1')], ['a', file('2')])])));
    expect(err.entryPath).toBe('sub');
    expect(err.message).toContain("(in 'sub')");
  });

  it('escapes control and bidi characters from the NAR in its messages, so a name cannot rewrite the terminal', async () => {
    const evil = 'x\x1b[2K\r\u202eok\n\u009b';
    const unsorted = await refusal(narOf(dir(['z', file('1')], [evil, file('2')])));
    const inPath = await refusal(narOf(dir([evil, dir(['b', file('1')], ['a', file('2')])])));
    const badType = await refusal(narBytes(['nix-archive-1', '(', 'type', '\x1b[31mfifo', ')']));
    expect(badType.problem).toBe("unknown entry type '\\u001b[31mfifo'");
    for (const err of [unsorted, inPath, badType]) {
      // eslint-disable-next-line no-control-regex -- looking for control characters is the point
      expect(err.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
    }
    expect(unsorted.problem).toBe("entries are not sorted: 'x\\u001b[2K\\u000d\\u202eok\\u000a\\u009b' comes after 'z'");
    expect(inPath.message).toContain("(in 'x\\u001b[2K\\u000d\\u202eok\\u000a\\u009b')");
    // The raw path stays available to callers that render it themselves.
    expect(inPath.entryPath).toBe(evil);
    const nul = await refusal(narOf(dir(['a\0b', file('1')])));
    expect(nul.problem).toBe("entry name 'a\\u0000b' contains a NUL byte");
  });

  it('accepts directories nested exactly 256 deep, with a file at the bottom', async () => {
    const parsed = await parse(chunked(narOf(nested(256, file('deep')))));
    const bottom = parsed.lines.at(-1) ?? '';
    expect(bottom).toMatch(/^file /);
    // The deepest path has 256 components.
    const path = Buffer.from(bottom.split(' ')[1] ?? '', 'hex').toString();
    expect(path.split('/')).toHaveLength(256);
  });

  it('refuses a length past the end at once when the size is known, without pulling more bytes', async () => {
    // A 1 GiB file claimed in a NAR said to be 1 KiB: the parser must not wait for (or hash) the bytes.
    const head = narBytes(['nix-archive-1', '(', 'type', 'regular', 'contents', narU64(1n << 30n)]);
    let pulled = 0;
    async function* source(): AsyncGenerator<Uint8Array> {
      yield head;
      for (;;) {
        pulled++;
        yield Buffer.alloc(65536);
      }
    }
    let error: unknown;
    try {
      for await (const _ of parseNar(source(), { expectedSize: 1024 }));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(NarFormatError);
    expect((error as NarFormatError).problem).toMatch(/length 1073741824 runs past the end of the NAR \(1024 bytes\)/);
    expect(pulled).toBe(0);
  });

  it('refuses a NAR longer than expectedSize says', async () => {
    const bytes = narOf(dir(['a', file('some contents')]));
    const err = await refusal(bytes, { expectedSize: bytes.length - 8 });
    expect(err.problem).toMatch(/runs past the end of the NAR/);
  });
});

describe('parseNar on real NARs from nix-store --dump', () => {
  let corpus: CorpusPath[] = [];
  const dumps = new Map<string, Buffer>();
  beforeAll(() => {
    corpus = buildNarCorpus();
    for (const p of corpus) dumps.set(p.name, nixBytes(['nix-store', '--dump', p.path]));
  });
  const dumpOf = (p: CorpusPath): Buffer => dumps.get(p.name) ?? Buffer.alloc(0);

  it('gives the entries on disk and the NarHash and NarSize Nix records, for the whole corpus', async () => {
    expect(corpus.map((p) => p.name)).toEqual(['tree', 'big', 'single-file', 'special-name']);
    for (const p of corpus) {
      const bytes = dumpOf(p);
      const parsed = await parse(chunked(bytes, 65536), { expectedSize: bytes.length });
      expect(parsed.lines, p.name).toEqual(walk(p.path));
      expect({ narHash: parsed.narHash, narSize: parsed.narSize }, p.name).toEqual(nixInfo(p.path));
    }
  });

  it('gives the same result fed one byte at a time as fed in one chunk', async () => {
    for (const p of corpus) {
      const bytes = dumpOf(p);
      const whole = await parse(chunked(bytes));
      // One byte at a time would take a while for several MiB: an odd chunk size splits every token there too.
      const small = await parse(chunked(bytes, p.name === 'big' ? 4093 : 1));
      expect(small, p.name).toEqual(whole);
      // Plain Uint8Arrays (not Buffers) and empty chunks between them change nothing either.
      const odd = await parse(unevenChunks(bytes));
      expect(odd, p.name).toEqual(whole);
      expect(whole.narHash, p.name).toBe(nixInfo(p.path).narHash);
    }
  });

  it('skips what a consumer leaves unread and still parses what follows correctly', async () => {
    for (const p of corpus) {
      const bytes = dumpOf(p);
      const full = await parse(chunked(bytes, 4096));
      // Read every other file only up to its first slice; the files after it must still come out whole.
      const partial = await parse(chunked(bytes, 4096), {}, (i) => (i % 2 === 0 ? 'first-chunk' : 'all'));
      // And never touch contents at all.
      const untouched = await parse(chunked(bytes, 4096), {}, () => 'none');
      expect(partial.narHash).toBe(full.narHash);
      expect(untouched.narHash).toBe(full.narHash);
      expect(partial.narSize).toBe(full.narSize);
      let fileIndex = 0;
      for (const [i, line] of full.lines.entries()) {
        if (!line.startsWith('file ')) {
          expect(partial.lines[i]).toBe(line);
          expect(untouched.lines[i]).toBe(line);
          continue;
        }
        const unread = line.replace(/ [0-9a-f]{64}$/, ' (unread)');
        expect(partial.lines[i]).toBe(fileIndex % 2 === 0 ? unread : line);
        expect(untouched.lines[i]).toBe(unread);
        fileIndex++;
      }
    }
  });

  it('skips the unread rest of a file of several MiB and hashes all of it', async () => {
    const big = corpus.find((p) => p.name === 'big');
    if (!big) throw new Error('no big corpus path');
    const bytes = dumpOf(big);
    let seen = 0;
    let narHash = '';
    for await (const entry of parseNar(chunked(bytes, 65536))) {
      if (entry.kind === 'file') {
        expect(entry.size).toBe(CORPUS_BIG_FILE_SIZE);
        for await (const part of entry.contents) {
          seen += part.length;
          break;
        }
      }
      if (entry.kind === 'end') narHash = formatHash(entry.narHash);
    }
    expect(seen).toBeLessThan(CORPUS_BIG_FILE_SIZE);
    expect(narHash).toBe(nixInfo(big.path).narHash);
  });

  it('refuses the real NAR cut at every 512-byte boundary', async () => {
    const special = corpus.find((p) => p.name === 'special-name');
    if (!special) throw new Error('no special-name corpus path');
    const bytes = dumpOf(special);
    // A NAR of about 20 KiB with several files and a symlink: cuts land in names, tags, lengths and contents.
    expect(bytes.length).toBeGreaterThan(16 * 1024);
    let cuts = 0;
    for (let at = 0; at < bytes.length; at += 512) {
      const err = await refusal(bytes.subarray(0, at));
      expect(err.problem, `cut at ${at}`).toMatch(/the NAR ends (in the middle of|inside a file)/);
      cuts++;
    }
    expect(cuts).toBe(Math.ceil(bytes.length / 512));
    // Every cut short of the whole, too, with the size known: refused (the end is past expectedSize or missing).
    for (let at = 0; at < bytes.length; at += 512) {
      const err = await refusal(bytes.subarray(0, at), { expectedSize: at });
      expect(err.problem, `cut at ${at}`).toMatch(/ends|runs past the end/);
    }
  });

  it('refuses to read a file entry after the next entry was asked for, rather than giving nothing', async () => {
    // Collecting the entries first and reading contents afterwards must fail loudly, not yield empty files.
    const files: AsyncIterable<Buffer>[] = [];
    for await (const entry of parseNar(chunked(narOf(dir(['a', file('contents of a')]))))) {
      if (entry.kind === 'file') files.push(entry.contents);
    }
    const late = files[0];
    if (!late) throw new Error('no file entry');
    await expect(readAll(late)).rejects.toThrow(/before the next entry/);
  });

  it('refuses to go on reading a file entry after the next entry was asked for, rather than cutting it short', async () => {
    const entries = parseNar(chunked(narOf(dir(['a', file('x'.repeat(100))], ['b', file('y')])), 10));
    let rest: AsyncIterator<Buffer> | undefined;
    for await (const entry of entries) {
      if (entry.kind === 'file' && !rest) {
        rest = entry.contents[Symbol.asyncIterator]();
        expect((await rest.next()).value?.length).toBeGreaterThan(0);
      }
    }
    if (!rest) throw new Error('no file entry');
    await expect(rest.next()).rejects.toThrow(/before the next entry/);
  });

  it('refuses a file entry read twice, rather than giving nothing the second time', async () => {
    let error: unknown;
    for await (const entry of parseNar(chunked(narOf(file('abc'))))) {
      if (entry.kind !== 'file') continue;
      for await (const part of entry.contents) expect(part.toString()).toBe('abc');
      try {
        for await (const _ of entry.contents) break;
      } catch (err) {
        error = err;
      }
    }
    expect(String(error)).toMatch(/read only once/);
  });
});
