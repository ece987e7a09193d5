// Streams one NAR into the serve connection. The remote trusts the length it
// was told (AddToStoreNar reads exactly NarSize bytes), so a NAR of another
// length would leave both ends out of step: it is refused here, before the
// remote could register anything, and the caller then drops the connection.
import type { Readable } from 'node:stream';
import { formatHash, hashesEqual, Sha256Counter } from '../../nix/hash';
import type { NarInfo } from '../../nix/narinfo';
import { printStorePath } from '../../nix/store-path';

export interface NarSendOptions {
  /** Called with each chunk's size once it is handed to ssh. */
  readonly onBytes?: (bytes: number) => void;
  /** Check the NAR against NarHash too: ImportPaths does not send the hash, so the remote cannot. */
  readonly checkHash?: boolean;
}

export async function sendNar(
  write: (chunk: Uint8Array) => Promise<void>,
  info: NarInfo,
  nar: Readable,
  options: NarSendOptions = {},
): Promise<void> {
  const path = printStorePath(info.storePath);
  const counter = new Sha256Counter();
  for await (const chunk of nar as AsyncIterable<Buffer>) {
    if (counter.size + chunk.length > info.narSize) {
      throw new Error(`the cached NAR of ${path} is longer than its NarSize ${info.narSize}: the cache entry is damaged`);
    }
    if (options.checkHash) counter.update(chunk);
    else counter.size += chunk.length;
    await write(chunk);
    options.onBytes?.(chunk.length);
  }
  if (counter.size !== info.narSize) {
    throw new Error(`the cached NAR of ${path} has ${counter.size} bytes, not its NarSize ${info.narSize}: the cache entry is damaged`);
  }
  if (options.checkHash) {
    const { hash } = counter.finish();
    if (!hashesEqual(hash, info.narHash)) {
      throw new Error(
        `the cached NAR of ${path} hashes to ${formatHash(hash)}, not its NarHash ${formatHash(info.narHash)}: the cache entry is damaged`,
      );
    }
  }
}
