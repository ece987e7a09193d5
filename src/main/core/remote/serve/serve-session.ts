// A session with `nix-store --serve --write` on one host, over the system ssh:
// the protocol `nix copy --to ssh://` speaks (legacy-ssh-store.cc), for hosts
// that refuse port forwarding. One command at a time, as the protocol demands;
// any failure ends the session, because the two ends are then out of step.
import type { Readable } from 'node:stream';
import type { NarInfo } from '../../nix/narinfo';
import { printStorePath } from '../../nix/store-path';
import type { RemoteHost } from '../remote-host';
import { sendNar } from './nar-send';
import { ServeConnection } from './serve-connection';
import { ServeAbortedError, ServeError } from './serve-errors';
import {
  addToStoreNarHeader,
  exportItemStart,
  exportItemTrailer,
  importPathsEnd,
  importPathsStart,
  queryValidPathsRequest,
} from './serve-requests';
import { ADD_TO_STORE_NAR_MINOR, CLIENT_VERSION, protocolMajor, protocolMinor, SERVE_MAGIC_1, SERVE_MAGIC_2, wireU64 } from './serve-wire';

export interface ImportItem {
  readonly info: NarInfo;
  /** The uncompressed NAR; opened lazily by an async generator when many items are sent. */
  readonly nar: Readable;
}

export interface TransferOptions {
  /** Uncompressed NAR bytes handed to ssh, chunk by chunk. */
  readonly onBytes?: (bytes: number) => void;
}

export interface ServeSession {
  /** As the remote announced it, e.g. 0x207 for Nix 2.8. */
  readonly remoteVersion: number;
  /** Whether the remote knows AddToStoreNar (minor version ≥ 5). */
  readonly supportsAddToStoreNar: boolean;
  queryValidPaths(paths: readonly string[]): Promise<ReadonlySet<string>>;
  /** Adds one path with its NarHash, references, deriver, signatures and CA; the remote checks hash and size. */
  addToStoreNar(info: NarInfo, nar: Readable, options?: TransferOptions): Promise<void>;
  /** The older command: `nix-store --export` format; carries no signatures. Items must come dependencies first. */
  importPaths(items: Iterable<ImportItem> | AsyncIterable<ImportItem>, options?: TransferOptions): Promise<void>;
  close(): Promise<void>;
}

export interface ServeSessionOptions {
  /** Aborting kills ssh; pending calls reject with a ServeAbortedError. */
  readonly signal?: AbortSignal;
}

class Session implements ServeSession {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly conn: ServeConnection,
    readonly remoteVersion: number,
  ) {}

  get supportsAddToStoreNar(): boolean {
    return protocolMinor(this.remoteVersion) >= ADD_TO_STORE_NAR_MINOR;
  }

  /** Runs one command after the previous one; a failure inside it ends the session with a message naming the host. */
  private run<T>(doing: string, command: () => Promise<T>): Promise<T> {
    const next = this.queue.then(async () => {
      if (this.conn.failed) throw this.conn.failed;
      this.conn.doing = doing;
      try {
        return await command();
      } catch (err) {
        const host = this.conn.host.name;
        const failure = this.conn.failed ?? new ServeError(host, `${host}: ${this.conn.doing} failed: ${(err as Error).message}`, '');
        this.conn.kill(failure);
        throw failure;
      }
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  queryValidPaths(paths: readonly string[]): Promise<ReadonlySet<string>> {
    return this.run(`asking which of ${paths.length} paths are valid`, async () => {
      await this.conn.write(queryValidPathsRequest(paths));
      return new Set(await this.conn.reader.strings());
    });
  }

  addToStoreNar(info: NarInfo, nar: Readable, options: TransferOptions = {}): Promise<void> {
    if (!this.supportsAddToStoreNar) {
      const host = this.conn.host.name;
      return Promise.reject(
        new ServeError(
          host,
          `${host}: its Nix (serve protocol ${this.remoteVersion.toString(16)}) has no AddToStoreNar; use import-paths`,
          '',
        ),
      );
    }
    const path = printStorePath(info.storePath);
    return this.run(`adding ${path}`, async () => {
      await this.conn.write(addToStoreNarHeader(info));
      await sendNar((c) => this.conn.write(c), info, nar, { onBytes: options.onBytes });
      await this.expectSuccess();
    });
  }

  importPaths(items: Iterable<ImportItem> | AsyncIterable<ImportItem>, options: TransferOptions = {}): Promise<void> {
    return this.run('importing paths', async () => {
      await this.conn.write(importPathsStart());
      for await (const { info, nar } of items) {
        this.conn.doing = `importing ${printStorePath(info.storePath)}`;
        await this.conn.write(exportItemStart());
        // Checked before the trailer: until the remote has it, it registers nothing.
        await sendNar((c) => this.conn.write(c), info, nar, { onBytes: options.onBytes, checkHash: true });
        await this.conn.write(exportItemTrailer(info));
      }
      await this.conn.write(importPathsEnd());
      await this.expectSuccess();
    });
  }

  /** Both adding commands answer 1 once the paths are registered; any failure ends the remote instead. */
  private async expectSuccess(): Promise<void> {
    const answer = await this.conn.reader.u64();
    if (answer !== 1) throw new Error(`the remote answered ${answer} instead of 1 (success)`);
  }

  async close(): Promise<void> {
    await this.queue;
    await this.conn.end();
  }
}

async function handshake(conn: ServeConnection): Promise<number> {
  await conn.write(Buffer.concat([wireU64(SERVE_MAGIC_1), wireU64(CLIENT_VERSION)]));
  const magic = await conn.reader.u64().catch((err: unknown) => {
    // A login shell that prints a banner, or a remote without Nix, answers with text.
    const got = conn.reader.leftover().toString('utf8').trim();
    throw got ? new Error(`the remote did not speak the serve protocol; it said ${JSON.stringify(got.slice(0, 200))}`) : err;
  });
  if (magic !== SERVE_MAGIC_2) throw new Error(`the remote did not speak the serve protocol (greeting ${magic.toString(16)})`);
  const version = await conn.reader.u64();
  if (protocolMajor(version) !== 0x200) throw new Error(`the remote speaks serve protocol ${version.toString(16)}; Airlock speaks 2.x`);
  return version;
}

export async function openServeSession(host: RemoteHost, dataDir: string, options: ServeSessionOptions = {}): Promise<ServeSession> {
  if (options.signal?.aborted) throw new ServeAbortedError(host.name, `${host.name}: cancelled before connecting`, '');
  const conn = new ServeConnection(host, dataDir, options.signal);
  try {
    return new Session(conn, await handshake(conn));
  } catch (err) {
    const failure =
      conn.failed ??
      new ServeError(host.name, `${host.name}: starting \`nix-store --serve --write\` failed: ${(err as Error).message}`, '');
    conn.kill(failure);
    await conn.exited;
    throw conn.failed ?? failure;
  }
}
