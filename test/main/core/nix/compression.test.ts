import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { brotliCompressSync, crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createCompressor, createDecompressor, narFileExtension, READABLE_COMPRESSIONS } from '../../../../src/main/core/nix/compression';
import { formatHash, Sha256Counter } from '../../../../src/main/core/nix/hash';
import { parseNarInfo } from '../../../../src/main/core/nix/narinfo';
import { buildLinkedPaths, nixCopyToCache, readNarInfoFiles } from '../../../helpers/nix-binary-cache';
import { tempDir } from '../../../helpers/tmp';

const tmp = tempDir('airlock-compression-');

/** Runs `input` through `stream`; rejects on an error and fails (never hangs) after 60 s. */
async function run(stream: Transform, input: Buffer | Readable, chunkSize = 7001): Promise<Buffer> {
  const source = Buffer.isBuffer(input) ? Readable.from(chunks(input, chunkSize)) : input;
  const out: Buffer[] = [];
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('the stream neither ended nor failed within 60 s')), 60_000);
  });
  try {
    await Promise.race([
      pipeline(source, stream, async (output: AsyncIterable<Buffer>) => {
        for await (const c of output) out.push(c);
      }),
      hang,
    ]);
  } finally {
    clearTimeout(timer);
  }
  return Buffer.concat(out);
}

function* chunks(data: Buffer, size: number): Generator<Buffer> {
  // Odd chunk sizes split headers and blocks at awkward places.
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

/** Random bytes, then text that compresses well: both kinds of block. */
function sample(size: number): Buffer {
  const text = Buffer.from(Array.from({ length: size }, (_, i) => `line ${i % 977}\n`).join('')).subarray(0, size / 2);
  return Buffer.concat([randomBytes(size - text.length), text]);
}

function cli(tool: string, args: readonly string[], input: Buffer): Buffer {
  return execFileSync(tool, args, { input, maxBuffer: 1 << 30 });
}

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('NARs in caches written by real Nix', () => {
  const { top } = buildLinkedPaths();
  const extensions: Record<string, string> = {
    xz: '.nar.xz',
    zstd: '.nar.zst',
    bzip2: '.nar.bz2',
    br: '.nar.br',
    gzip: '.nar',
    none: '.nar',
  };

  for (const compression of ['xz', 'zstd', 'none', 'bzip2', 'gzip', 'br'] as const) {
    it(`decompresses every ${compression} NAR to exactly NarSize bytes with sha256 NarHash`, async () => {
      const cache = nixCopyToCache(join(tmp, `cache-${compression}`), [top], compression);
      const infos = [...readNarInfoFiles(cache).values()].map((text) => parseNarInfo(text));
      expect(infos).toHaveLength(3);
      for (const info of infos) {
        expect(info.compression).toBe(compression);
        expect(info.url.endsWith(narFileExtension(compression))).toBe(true);
        expect(narFileExtension(compression)).toBe(extensions[compression]);
        const file = join(cache, info.url);
        expect(statSync(file).size).toBe(info.fileSize);
        expect(formatHash({ algorithm: 'sha256', digest: createHash('sha256').update(readFileSync(file)).digest() })).toBe(
          formatHash(info.fileHash ?? { algorithm: 'md5', digest: Buffer.alloc(16) }),
        );

        const counter = new Sha256Counter();
        await pipeline(createReadStream(file), createDecompressor(info.compression), async (nar: AsyncIterable<Buffer>) => {
          for await (const c of nar) counter.update(c);
        });
        const { hash, size } = counter.finish();
        expect(size).toBe(info.narSize);
        expect(formatHash(hash)).toBe(formatHash(info.narHash));
      }
    });
  }
});

describe('round trips', () => {
  const inputs: Record<string, Buffer> = {
    empty: Buffer.alloc(0),
    'one byte': Buffer.from('x'),
    'mixed 3 MB': sample(3_000_000),
    'zeros 20 MB': Buffer.alloc(20_000_000),
  };
  for (const compression of ['none', 'xz', 'zstd'] as const) {
    for (const [label, input] of Object.entries(inputs)) {
      for (const threads of [1, 2]) {
        it(`${compression}, ${label}, ${threads} thread(s)`, async () => {
          const packed = await run(createCompressor(compression, { threads }), input);
          if (compression !== 'none' && input.length > 1_000_000) expect(packed.length).toBeLessThan(input.length * 0.8);
          const unpacked = await run(createDecompressor(compression), packed);
          expect(unpacked.length).toBe(input.length);
          expect(sha256(unpacked)).toBe(sha256(input));
        });
      }
    }
  }

  it('writes xz and zstd that the xz and zstd command-line tools read', async () => {
    const input = sample(1_000_000);
    const xz = await run(createCompressor('xz', { level: 3 }), input);
    expect(sha256(cli('xz', ['-d', '-c'], xz))).toBe(sha256(input));
    const zst = await run(createCompressor('zstd', { level: 19, threads: 1 }), input);
    expect(sha256(cli('zstd', ['-d', '-c', '-q'], zst))).toBe(sha256(input));
  });

  it('keeps a slow reader fed without losing or reordering bytes', async () => {
    const input = sample(3_000_000);
    for (const compression of ['xz', 'zstd'] as const) {
      const packed = await run(createCompressor(compression), input);
      const got: Buffer[] = [];
      const slow = new Writable({
        highWaterMark: 1,
        write(chunk: Buffer, _enc, callback) {
          got.push(chunk);
          setTimeout(callback, 1);
        },
      });
      await pipeline(Readable.from(chunks(packed, 65536)), createDecompressor(compression), slow);
      expect(sha256(Buffer.concat(got))).toBe(sha256(input));
    }
  });
});

describe('files made by the command-line tools', () => {
  const input = sample(2_000_000);
  const second = Buffer.from('a second stream, concatenated\n');
  const made: Record<string, (data: Buffer) => Buffer> = {
    xz: (d) => cli('xz', ['-c', '-6'], d),
    zstd: (d) => cli('zstd', ['-c', '-q'], d),
    bzip2: (d) => cli('bzip2', ['-c'], d),
    gzip: (d) => cli('gzip', ['-c'], d),
    br: (d) => brotliCompressSync(d),
  };

  for (const [compression, make] of Object.entries(made)) {
    it(`reads ${compression}`, async () => {
      expect(sha256(await run(createDecompressor(compression), make(input)))).toBe(sha256(input));
    });
    // Each tool reads a concatenation of streams as their concatenation; so must Airlock (brotli has no such thing).
    if (compression !== 'br') {
      it(`reads concatenated ${compression} streams`, async () => {
        const both = Buffer.concat([make(input), make(second)]);
        expect(sha256(await run(createDecompressor(compression), both))).toBe(sha256(Buffer.concat([input, second])));
      });
    }
  }

  it('reads pbzip2-style many-block bzip2 (level 1: 100 kB blocks)', async () => {
    const packed = cli('bzip2', ['-c', '-1'], input);
    writeFileSync(join(tmp, 'blocks.bz2'), packed);
    expect(sha256(await run(createDecompressor('bzip2'), createReadStream(join(tmp, 'blocks.bz2'))))).toBe(sha256(input));
  });
});

describe('damaged input', () => {
  const input = sample(600_000);
  const packed: Record<string, Buffer> = {
    xz: cli('xz', ['-c'], input),
    zstd: cli('zstd', ['-c', '-q'], input),
    bzip2: cli('bzip2', ['-c'], input),
    gzip: cli('gzip', ['-c'], input),
    br: brotliCompressSync(input),
  };

  for (const [compression, good] of Object.entries(packed)) {
    const cuts = [1, 10, Math.floor(good.length / 2), good.length - 4, good.length - 1];
    for (const cut of cuts) {
      it(`${compression} truncated to ${cut} of ${good.length} bytes fails`, async () => {
        await expect(run(createDecompressor(compression), good.subarray(0, cut))).rejects.toThrow(
          new RegExp(`cannot decompress ${compression} data`),
        );
      });
    }
    it(`${compression}: empty input fails`, async () => {
      await expect(run(createDecompressor(compression), Buffer.alloc(0))).rejects.toThrow(/the input is empty/);
    });
    it(`${compression}: input that is not ${compression} at all fails`, async () => {
      await expect(run(createDecompressor(compression), Buffer.from('StorePath: /nix/store/not-compressed\n'.repeat(100)))).rejects.toThrow(
        /cannot decompress/,
      );
    });
    it(`${compression}: garbage after the end fails`, async () => {
      await expect(run(createDecompressor(compression), Buffer.concat([good, Buffer.from('garbage!')]))).rejects.toThrow(
        /cannot decompress/,
      );
    });
    // Brotli carries no checksum: a flipped bit may decode to other bytes, which the NarHash check catches.
    if (compression !== 'br') {
      it(`${compression}: a flipped byte in the middle fails`, async () => {
        const bad = Buffer.from(good);
        const middle = Math.floor(bad.length / 2);
        bad.writeUInt8(bad.readUInt8(middle) ^ 0x55, middle);
        await expect(run(createDecompressor(compression), bad)).rejects.toThrow(/cannot decompress/);
      });
    }
  }
});

describe('resource limits', () => {
  it('refuses an xz stream whose header asks for a dictionary over 64 MiB (up to 4 GiB)', async () => {
    const good = cli('xz', ['-c'], Buffer.from('hello\n'));
    expect(sha256(await run(createDecompressor('xz'), good))).toBe(sha256(Buffer.from('hello\n')));
    // Block header at offset 12: size, flags, filter id 0x21 (LZMA2), props size, dictionary byte, padding, CRC32.
    expect([...good.subarray(12, 16)]).toEqual([0x02, 0x00, 0x21, 0x01]);
    const asking = (dictionaryByte: number): Buffer => {
      const greedy = Buffer.from(good);
      greedy.writeUInt8(dictionaryByte, 16);
      greedy.writeUInt32LE(crc32(greedy.subarray(12, 20)), 20);
      return greedy;
    };
    // 39: 3 GiB; 29: 96 MiB, just over what xz -9 (64 MiB) needs; 40 (4 GiB - 1) is no valid LZMA2 dictionary size at all.
    for (const byte of [39, 29]) {
      await expect(run(createDecompressor('xz'), asking(byte))).rejects.toThrow(
        /cannot decompress xz data: its header asks for a dictionary over 64 MiB/,
      );
    }
    await expect(run(createDecompressor('xz'), asking(40))).rejects.toThrow(
      /cannot decompress xz data: it uses xz options Nix never writes/,
    );
  });
});

describe('names', () => {
  it('refuses compressions it cannot handle, naming them', () => {
    expect(() => createDecompressor('lz4')).toThrow(/unknown compression "lz4".*xz/);
    expect(() => createDecompressor('')).toThrow(/unknown compression ""/);
    expect(() => createCompressor('bzip2')).toThrow(/cannot write compression "bzip2"/);
    expect(() => createCompressor('XZ')).toThrow(/cannot write compression "XZ"/);
  });

  it('gives a Node Transform for every compression it lists', () => {
    for (const c of READABLE_COMPRESSIONS) {
      const stream = createDecompressor(c);
      expect(stream).toBeInstanceOf(Transform);
      stream.destroy();
    }
  });

  it('names NAR files as Nix does', () => {
    expect(narFileExtension('xz')).toBe('.nar.xz');
    expect(narFileExtension('zstd')).toBe('.nar.zst');
    expect(narFileExtension('bzip2')).toBe('.nar.bz2');
    expect(narFileExtension('br')).toBe('.nar.br');
    expect(narFileExtension('lz4')).toBe('.nar.lz4');
    expect(narFileExtension('none')).toBe('.nar');
    expect(narFileExtension('gzip')).toBe('.nar');
    expect(narFileExtension('constructor')).toBe('.nar');
  });
});
