// Times one hashing method over a path in this fresh process and prints
// {seconds, maxRssMB, bytes}: `nar` hashes the NAR as Airlock does, `plain`
// hashes the same file bytes with plain sha256 and no NAR framing (the limit).
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { readdir, lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { hashPath } from '../../src/main/core/nix/nar-hash';

async function* filesInNarOrder(path: string): AsyncGenerator<string> {
  const st = await lstat(path);
  if (st.isFile()) yield path;
  else if (st.isDirectory()) {
    for (const name of (await readdir(path)).sort()) yield* filesInNarOrder(join(path, name));
  }
}

/** Synchronous reads into one reused buffer: nothing but read and hash, the strictest limit. */
async function plainSha256(path: string): Promise<number> {
  const hash = createHash('sha256');
  const buf = Buffer.allocUnsafe(1 << 20);
  let bytes = 0;
  for await (const file of filesInNarOrder(path)) {
    const fd = openSync(file, 'r');
    for (let n = readSync(fd, buf); n > 0; n = readSync(fd, buf)) {
      hash.update(buf.subarray(0, n));
      bytes += n;
    }
    closeSync(fd);
  }
  hash.digest();
  return bytes;
}

const [method, path] = process.argv.slice(2);
if (!path || (method !== 'nar' && method !== 'plain')) throw new Error('usage: hash-probe.ts nar|plain PATH');
const start = process.hrtime.bigint();
const bytes = method === 'nar' ? (await hashPath(path)).narSize : await plainSha256(path);
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
console.log(JSON.stringify({ seconds, bytes, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
