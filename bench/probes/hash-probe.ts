// Times one hashing method over a path in this fresh process and prints
// {seconds, maxRssMB, bytes}: `nar` hashes the NAR on this thread, `nar-worker`
// as the app does (in a worker thread, started and stopped each time), `plain`
// hashes the same file bytes with plain sha256 and no NAR framing (the limit).
import { createHash } from 'node:crypto';
import { closeSync, lstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { hashPath, hashPathSync } from '../../src/main/core/nix/nar-hash';

function* filesInNarOrder(path: string): Generator<string> {
  const st = lstatSync(path);
  if (st.isFile()) yield path;
  else if (st.isDirectory()) {
    for (const name of readdirSync(path).sort()) yield* filesInNarOrder(join(path, name));
  }
}

/** Synchronous calls and one reused buffer: nothing but read and hash, the strictest limit. */
function plainSha256(path: string): number {
  const hash = createHash('sha256');
  const buf = Buffer.allocUnsafe(1 << 20);
  let bytes = 0;
  for (const file of filesInNarOrder(path)) {
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
if (!path || !['nar', 'nar-worker', 'plain'].includes(method ?? '')) throw new Error('usage: hash-probe.ts nar|nar-worker|plain PATH');
const start = process.hrtime.bigint();
const bytes = method === 'nar' ? hashPathSync(path).narSize : method === 'nar-worker' ? (await hashPath(path)).narSize : plainSha256(path);
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
console.log(JSON.stringify({ seconds, bytes, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
