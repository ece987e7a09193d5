// NAR compression as named in a narinfo's `Compression:` field, as Node
// Transform streams. Reading covers what Nix writes (none, xz, zstd, bzip2,
// gzip, br); writing covers what Airlock chooses (none, xz, zstd).
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { PassThrough, type Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip } from 'node:zlib';
import { CodecTransform, type CodecStream } from './compression-adapter';
import { XzDecoder } from './xz-decoder';

export const READABLE_COMPRESSIONS = ['none', 'xz', 'zstd', 'bzip2', 'gzip', 'br'] as const;
export const WRITABLE_COMPRESSIONS = ['none', 'xz', 'zstd'] as const;
export type ReadableCompression = (typeof READABLE_COMPRESSIONS)[number];
export type WritableCompression = (typeof WRITABLE_COMPRESSIONS)[number];

export interface CompressOptions {
  /** xz preset 0–9 (default 6, as Nix) or zstd level 1–19 (default 9). */
  readonly level?: number;
  /** Worker threads inside the codec; default leaves one core for the rest of the app. */
  readonly threads?: number;
}

// The three codecs are native or CommonJS modules without bundled types for two
// of them; require them on first use (a CLI run that never touches a NAR loads none).
const require = createRequire(import.meta.url);

interface LzmaNative {
  createCompressor(options: { readonly preset: number; readonly threads?: number }): CodecStream;
}
interface ThroughStream {
  write(chunk: Buffer): boolean;
  end(): void;
  pause(): void;
  resume(): void;
  destroy(): void;
  on(event: string, listener: (...args: never[]) => void): unknown;
  once(event: 'drain', listener: () => void): unknown;
}
const lzma = (): LzmaNative => require('lzma-native') as LzmaNative;
const zstd = (): typeof import('zstd-napi') => require('zstd-napi') as typeof import('zstd-napi');
const unbzip2 = (): (() => ThroughStream) => require('unbzip2-stream') as () => ThroughStream;

/** unbzip2-stream is a classic stream that ignores write callbacks; answer them when it can take more. */
function bzip2Decoder(): CodecStream {
  const through = unbzip2();
  const inner = through();
  return {
    write(chunk, callback) {
      if (inner.write(chunk)) callback();
      else inner.once('drain', () => callback());
    },
    end: () => inner.end(),
    pause: () => inner.pause(),
    resume: () => inner.resume(),
    destroy: () => inner.destroy(),
    on: (event: string, listener: (...args: never[]) => void) => inner.on(event, listener),
  };
}

function isReadable(name: string): name is ReadableCompression {
  return (READABLE_COMPRESSIONS as readonly string[]).includes(name);
}

function isWritable(name: string): name is WritableCompression {
  return (WRITABLE_COMPRESSIONS as readonly string[]).includes(name);
}

function defaultThreads(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

/** A stream that turns a compressed NAR into the NAR; corrupt or truncated input ends in an 'error'. */
export function createDecompressor(compression: string): Transform {
  if (!isReadable(compression)) {
    throw new Error(`unknown compression ${JSON.stringify(compression)}: Airlock reads ${READABLE_COMPRESSIONS.join(', ')}`);
  }
  const wrap = (inner: CodecStream): Transform => new CodecTransform(inner, { name: compression, direction: 'decompress' });
  switch (compression) {
    // Nothing to check here: the caller's NarSize/NarHash check catches damage.
    case 'none':
      return new PassThrough();
    // Not liblzma (lzma-native): damaged input could abort the whole process there.
    // The WASM decoder refuses a dictionary over 64 MiB (Nix's presets need at most that).
    case 'xz':
      return new XzDecoder();
    case 'zstd':
      return wrap(new (zstd().DecompressStream)());
    case 'bzip2':
      return wrap(bzip2Decoder());
    case 'gzip':
      return wrap(createGunzip());
    case 'br':
      return wrap(createBrotliDecompress());
  }
}

/** A stream that compresses a NAR for a cache entry with this `Compression:`. */
export function createCompressor(compression: string, options: CompressOptions = {}): Transform {
  if (!isWritable(compression)) {
    throw new Error(`Airlock cannot write compression ${JSON.stringify(compression)}: choose ${WRITABLE_COMPRESSIONS.join(', ')}`);
  }
  const threads = options.threads ?? defaultThreads();
  const wrap = (inner: CodecStream): Transform => new CodecTransform(inner, { name: compression, direction: 'compress' });
  switch (compression) {
    case 'none':
      return new PassThrough();
    // Preset 6 is Nix's default; liblzma only splits work across threads when asked.
    case 'xz':
      return wrap(lzma().createCompressor({ preset: options.level ?? 6, ...(threads > 1 ? { threads } : {}) }));
    // Level 9: a cache is written once and copied to media many times, so spend some CPU on size.
    case 'zstd':
      return wrap(new (zstd().CompressStream)({ compressionLevel: options.level ?? 9, nbWorkers: threads > 1 ? threads : 0 }));
  }
}

/** `.nar` plus the suffix Nix gives a NAR file in a binary cache (binary-cache-store.cc); gzip gets none. */
export function narFileExtension(compression: string): string {
  const suffix: Readonly<Record<string, string>> = { xz: '.xz', bzip2: '.bz2', zstd: '.zst', lzip: '.lzip', lz4: '.lz4', br: '.br' };
  return `.nar${Object.hasOwn(suffix, compression) ? suffix[compression] : ''}`;
}
