// A NAR from the offline cache, decompressed as it is read: never whole in
// memory, whatever its size. Errors of the file or the codec end the stream.
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { createDecompressor } from '../../nix/compression';

export function openCachedNar(narFile: string, compression: string): Readable {
  const file = createReadStream(narFile);
  const decoder = createDecompressor(compression);
  file.on('error', (err) => decoder.destroy(err));
  // A consumer that stops early (a refused NAR, an abort) must not leave the file open.
  decoder.on('close', () => file.destroy());
  return file.pipe(decoder);
}
