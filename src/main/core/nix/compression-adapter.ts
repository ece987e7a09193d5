// One Node Transform around any codec stream (lzma-native's readable-stream
// copies, the classic `through` stream of unbzip2-stream, zlib, zstd-napi), so
// that every compression behaves alike: backpressure both ways, errors that name
// the codec, and never a clean end after broken input.
import { Transform, type TransformCallback } from 'node:stream';

/** What the adapter needs of the wrapped codec. */
export interface CodecStream {
  write(chunk: Buffer, callback: (error?: Error | null) => void): unknown;
  end(): unknown;
  pause(): unknown;
  resume(): unknown;
  destroy(): unknown;
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export interface CodecOptions {
  /** Named in error messages, e.g. "xz". */
  readonly name: string;
  /** When decompressing, empty input is an error: it is no compressed file, yet some codecs end cleanly on it. */
  readonly direction: 'compress' | 'decompress';
}

export class CodecTransform extends Transform {
  private bytesIn = 0;
  private flushed?: TransformCallback;

  constructor(
    private readonly inner: CodecStream,
    private readonly options: CodecOptions,
  ) {
    super();
    inner.on('data', (chunk) => {
      // Stop the codec while our reader is behind; `_read` starts it again.
      if (!this.push(chunk)) inner.pause();
    });
    inner.on('end', () => {
      const done = this.flushed;
      this.flushed = undefined;
      // An end before we asked for one would be output cut short: report it.
      if (done) done();
      else this.fail(new Error('the codec stopped before the end of its input'));
    });
    inner.on('error', (error) => this.fail(error));
  }

  private fail(cause: Error): void {
    if (this.destroyed) return;
    this.destroy(new Error(`cannot ${this.options.direction} ${this.options.name} data: ${cause.message}`, { cause }));
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytesIn += chunk.length;
    this.inner.write(chunk, (error) => {
      // Errors arrive through the 'error' event too; the stream is destroyed by then.
      if (!error && !this.destroyed) callback();
    });
  }

  override _flush(callback: TransformCallback): void {
    if (this.options.direction === 'decompress' && this.bytesIn === 0) {
      this.fail(new Error('the input is empty'));
      return;
    }
    this.flushed = callback;
    this.inner.end();
  }

  override _read(size: number): void {
    this.inner.resume();
    super._read(size);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.flushed = undefined;
    this.inner.destroy();
    callback(error);
  }
}
