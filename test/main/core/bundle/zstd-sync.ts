// zstd of a small buffer in one call, for tests that craft NAR files.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const zstd = require('zstd-napi') as { compress(data: Buffer): Buffer };

export function zstdCompressSync(data: Buffer): Buffer {
  return zstd.compress(data);
}
