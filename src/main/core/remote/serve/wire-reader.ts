// Reads serve-protocol answers (u64s, strings, string sets) from ssh's stdout
// as they arrive. Answers are small, so chunks are simply buffered; a hostile
// or confused remote is kept from claiming memory by hard limits on lengths.
import type { Readable } from 'node:stream';
import { padLength } from '../../nix/nar-wire';

/** Longer than any store path Nix accepts; an answer string longer than this is not one of ours. */
const MAX_STRING = 64 * 1024;
/** More paths than a closure Airlock would ever ask about in one query. */
const MAX_STRINGS = 1_000_000;

export class WireReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private wake: (() => void) | undefined;
  private failure: Error | undefined;

  constructor(stream: Readable) {
    stream.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
      this.wake?.();
    });
  }

  /** Rejects every read, now and later: the connection is gone. */
  fail(error: Error): void {
    this.failure ??= error;
    this.wake?.();
  }

  /** Whatever arrived and was not read, for a "protocol mismatch" message. */
  leftover(): Buffer {
    return Buffer.concat(this.chunks);
  }

  async bytes(n: number): Promise<Buffer> {
    while (this.buffered < n) {
      if (this.failure) throw this.failure;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
    const all = Buffer.concat(this.chunks);
    this.chunks = all.length > n ? [all.subarray(n)] : [];
    this.buffered -= n;
    return all.subarray(0, n);
  }

  async u64(): Promise<number> {
    const value = (await this.bytes(8)).readBigUInt64LE(0);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`the remote sent an integer too large to be meant (${value})`);
    return Number(value);
  }

  async string(): Promise<string> {
    const length = await this.u64();
    if (length > MAX_STRING) throw new Error(`the remote sent a ${length}-byte string where a store path was expected`);
    const bytes = await this.bytes(length + padLength(length));
    return bytes.subarray(0, length).toString('utf8');
  }

  async strings(): Promise<string[]> {
    const count = await this.u64();
    if (count > MAX_STRINGS) throw new Error(`the remote announced ${count} strings`);
    const out: string[] = [];
    for (let i = 0; i < count; i++) out.push(await this.string());
    return out;
  }
}
