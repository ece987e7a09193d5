// xz decoding in WebAssembly: xz-embedded (by the xz authors), compiled to
// WASM and shipped inside the xz-decompress npm package. A damaged NAR file
// must never take the process down; liblzma through lzma-native could (a
// native abort kills the CLI, `airlock serve` or the app's main process).
// Whatever the input, this decoder can only throw a JS error: a WASM trap is a
// WebAssembly.RuntimeError, and its memory is bounded by the 64 MiB dictionary
// limit below. We drive the module's four exports ourselves instead of using the
// package's web-stream wrapper, which holds one process-wide lock per stream
// (a stream dropped without cancel would block every later xz decode).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Transform, type TransformCallback } from 'node:stream';

interface XzExports {
  readonly memory: { readonly buffer: ArrayBuffer };
  create_context(): number;
  destroy_context(context: number): void;
  supply_input(context: number, size: number): void;
  get_next_output(context: number): number;
}

// The main process's TypeScript libs (ES2023, Node) leave WebAssembly's classes untyped.
interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: object) => { readonly exports: unknown };
  readonly RuntimeError: new () => Error;
}
const wasm = (globalThis as unknown as { readonly WebAssembly: WasmApi }).WebAssembly;

// enum xz_ret of xz-embedded (xz.h), in order from XZ_OK = 0.
const XZ_STREAM_END = 1;
const PROBLEMS: Readonly<Record<number, string>> = {
  2: 'it uses an integrity check this decoder does not know',
  3: 'the decoder ran out of memory',
  4: 'its header asks for a dictionary over 64 MiB, more than any Nix preset uses',
  5: 'it is not xz data (no xz header)',
  6: 'it uses xz options Nix never writes (only LZMA2 is read)',
  7: 'the data is corrupt or cut short',
  8: 'the data is cut short',
};

let shared: XzExports | undefined;

/** The module, compiled once per thread; its embedded .wasm sits in the package's script as a data URL. */
function xzModule(): XzExports {
  if (shared) return shared;
  const script = createRequire(import.meta.url).resolve('xz-decompress');
  const found = /data:application\/wasm;base64,([A-Za-z0-9+/=]+)/.exec(readFileSync(script, 'utf8'));
  if (!found?.[1]) throw new Error(`no WebAssembly module found in ${script}: the xz-decompress package changed its layout`);
  const module = new wasm.Module(Buffer.from(found[1], 'base64'));
  shared = new wasm.Instance(module, {}).exports as unknown as XzExports;
  return shared;
}

/** A Transform from an xz file to its contents; damaged, truncated, foreign or empty input ends in an 'error'. */
export class XzDecoder extends Transform {
  private readonly xz = xzModule();
  private context: number | undefined = this.xz.create_context();
  /** What is left of the chunk being decoded. */
  private input: Uint8Array = new Uint8Array(0);
  /** The write (or the final flush) whose input is being decoded; answered when it is all consumed. */
  private waiting: TransformCallback | undefined;
  private finishing = false;
  private outputWasFull = false;
  private bytesIn = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytesIn += chunk.length;
    this.input = chunk;
    this.waiting = callback;
    this.pump();
  }

  override _flush(callback: TransformCallback): void {
    if (this.bytesIn === 0) return callback(this.problem('the input is empty'));
    this.finishing = true;
    this.waiting = callback;
    this.pump();
  }

  override _read(size: number): void {
    // Our reader caught up: go on with the chunk we stopped in the middle of.
    if (this.waiting) this.pump();
    super._read(size);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.release();
    this.waiting = undefined;
    callback(error);
  }

  private problem(what: string, cause?: unknown): Error {
    return new Error(`cannot decompress xz data: ${what}`, cause === undefined ? undefined : { cause });
  }

  private release(): void {
    if (this.context !== undefined) this.xz.destroy_context(this.context);
    this.context = undefined;
  }

  /** Decodes until the input is used up, the stream ends, or our reader wants no more for now. */
  private pump(): void {
    const { xz } = this;
    try {
      let idle = 0;
      while (this.waiting && this.context !== undefined && !this.destroyed) {
        const ctx = this.context;
        let words = new Uint32Array(xz.memory.buffer, ctx, 6);
        // Layout of the context: bufsize, in, in_pos, in_size, out, out_pos.
        const bufSize = words[0] as number;
        if (words[2] === words[3] && !this.outputWasFull) {
          if (this.input.length > 0) {
            const take = Math.min(bufSize, this.input.length);
            new Uint8Array(xz.memory.buffer, words[1], take).set(this.input.subarray(0, take));
            this.input = this.input.subarray(take);
            xz.supply_input(ctx, take);
          } else if (this.finishing) {
            // No input left at all: ask for the end, which xz-embedded refuses if the stream is incomplete.
            xz.supply_input(ctx, 0);
          } else {
            const done = this.waiting;
            this.waiting = undefined;
            return done();
          }
        }
        const inBefore = new Uint32Array(xz.memory.buffer, ctx, 6)[2] as number;
        const ret = xz.get_next_output(ctx);
        words = new Uint32Array(xz.memory.buffer, ctx, 6);
        const produced = words[5] as number;
        const output = produced > 0 ? Buffer.from(new Uint8Array(xz.memory.buffer, words[4], produced)) : undefined;
        words[5] = 0;
        this.outputWasFull = produced === bufSize;
        if (ret > XZ_STREAM_END) throw this.problem(PROBLEMS[ret] ?? `xz-embedded error ${ret}`);
        // xz-embedded itself reports a second call without progress; this guard only makes a hang impossible.
        idle = produced === 0 && words[2] === inBefore ? idle + 1 : 0;
        if (idle > 3) throw this.problem('the decoder made no progress');
        const more = output ? this.push(output) : true;
        if (ret === XZ_STREAM_END) {
          this.release();
          const done = this.waiting;
          this.waiting = undefined;
          return done?.();
        }
        if (!more) return;
      }
    } catch (err) {
      // A trap may leave the module's allocator half-updated: the next stream gets a fresh instance.
      if (err instanceof wasm.RuntimeError) shared = undefined;
      this.release();
      const done = this.waiting;
      this.waiting = undefined;
      const error =
        err instanceof Error && err.message.startsWith('cannot decompress xz') ? err : this.problem((err as Error).message, err);
      if (done) done(error);
      else this.destroy(error);
    }
  }
}
