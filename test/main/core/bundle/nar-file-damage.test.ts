// Rule 7 against every kind of damage, for every codec a bundle may use: a real
// NAR (of /usr/bin/ls) compressed by the real xz, zstd and bzip2 tools (gzip and
// brotli by Node's zlib), then cut at many offsets, flipped at many random bits,
// or replaced by another format.
// Each damaged file must be refused with a NarFileProblem, never accepted, never
// hang, never abort the process. Run here on this thread (checkNarFileHere), so
// hundreds of cases take seconds; nar-file-check.test.ts covers the workers.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { NarFileProblem, type NarFileExpectation } from '../../../../src/main/core/bundle/nar-file-check';
import { checkNarFileHere } from '../../../../src/main/core/bundle/nar-file-check-thread';
import { encodeNix32 } from '../../../../src/main/core/nix/nix32';
import { nixBytes } from '../../../helpers/real-nix';
import { tempDir } from '../../../helpers/tmp';

const work = tempDir('airlock-nar-damage-');
const nar = nixBytes(['nix-store', '--dump', '/usr/bin/ls']);
const sha = (b: Buffer): string => `sha256:${encodeNix32(createHash('sha256').update(b).digest())}`;
const tool = (cmd: string, args: readonly string[]): Buffer => execFileSync(cmd, args, { input: nar, maxBuffer: 1 << 28 });

const files: Readonly<Record<string, Buffer>> = {
  xz: tool('xz', ['-6', '-c']),
  zstd: tool('zstd', ['-9', '-c', '-q']),
  bzip2: tool('bzip2', ['-9', '-c']),
  gzip: gzipSync(nar),
  br: brotliCompressSync(nar),
  none: nar,
};

/** What the narinfo promises; `withFileHash` false checks what the decoder alone catches (FileHash is optional). */
function expectation(compression: string, withFileHash: boolean): NarFileExpectation {
  const file = files[compression] as Buffer;
  const fileFields = withFileHash ? { fileHash: sha(file), fileSize: file.length } : {};
  return { compression, narHash: sha(nar), narSize: nar.length, ...fileFields };
}

let serial = 0;
/** The problem rule 7 finds in `bytes`, or fails; 20 s per file at most, so a hang fails instead of stalling. */
async function problemWith(bytes: Buffer, expected: NarFileExpectation): Promise<string> {
  const file = join(work, `${serial++}.nar`);
  const copyTo = `${file}.copy`;
  writeFileSync(file, bytes);
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the check of ${bytes.length} bytes neither ended nor failed within 20 s`)), 20_000);
  });
  const outcome = await Promise.race([checkNarFileHere({ file, expected, copyTo }, () => {}), hang]).then(
    () => undefined,
    (e: unknown) => e,
  );
  clearTimeout(timer);
  expect(outcome, `${bytes.length} bytes of ${expected.compression} were accepted`).toBeInstanceOf(NarFileProblem);
  expect(existsSync(copyTo), 'the copy of a refused file is removed').toBe(false);
  return (outcome as NarFileProblem).problem;
}

/** 48 cut points: every one of the first 16 bytes (headers), then evenly to the last byte. */
function cutPoints(length: number): number[] {
  const points = new Set<number>();
  for (let i = 0; i < 16; i++) points.add(i);
  for (let i = 0; i < 32; i++) points.add(Math.floor(((length - 1) * (i + 1)) / 32));
  return [...points];
}

function flipped(bytes: Buffer, offset: number, bit: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[offset] = (copy[offset] as number) ^ (1 << bit);
  return copy;
}

describe.each(['xz', 'zstd', 'bzip2', 'gzip', 'br', 'none'])('a damaged %s NAR file', (compression) => {
  const whole = files[compression] as Buffer;

  it('is accepted whole (the baseline the damage is measured against)', async () => {
    const file = join(work, `whole.${compression}`);
    writeFileSync(file, whole);
    await checkNarFileHere({ file, expected: expectation(compression, true) }, () => {});
  });

  it('is refused when cut short at any of 48 offsets, with or without FileHash in the narinfo', async () => {
    for (const at of cutPoints(whole.length)) {
      await problemWith(whole.subarray(0, at), expectation(compression, false));
      await problemWith(whole.subarray(0, at), expectation(compression, true));
    }
  });

  it('is refused with one bit flipped at any of 48 random offsets, with or without FileHash', async () => {
    for (let i = 0; i < 48; i++) {
      const offset = randomInt(whole.length);
      const damaged = flipped(whole, offset, randomInt(8));
      // gzip's header bytes 3 to 9 (the FTEXT flag, MTIME, XFL, OS) are covered by no checksum: gzip
      // itself, and Nix, accept them changed; only FileHash can tell, and then it must.
      const unguarded = compression === 'gzip' && offset >= 3 && offset <= 9;
      if (!unguarded) await problemWith(damaged, expectation(compression, false));
      await problemWith(damaged, expectation(compression, true));
    }
  });

  it('is refused when it holds another format or random bytes', async () => {
    const foreign = Object.entries(files).filter(([other]) => other !== compression);
    for (const [, bytes] of foreign) await problemWith(bytes, expectation(compression, false));
    await problemWith(randomBytes(whole.length), expectation(compression, false));
    await problemWith(Buffer.alloc(whole.length), expectation(compression, false));
    // Trailing bytes after a whole stream: the file is not what the NAR compresses to.
    await problemWith(Buffer.concat([whole, randomBytes(64)]), expectation(compression, false));
  });
});

describe('the xz decoder', () => {
  it('names what is wrong: not xz, cut short, corrupt', async () => {
    const expected = expectation('xz', false);
    expect(await problemWith(files.zstd as Buffer, expected)).toMatch(/cannot decompress xz data: it is not xz data/);
    expect(await problemWith((files.xz as Buffer).subarray(0, 5000), expected)).toMatch(/cannot decompress xz data: .*cut short/);
    const middle = (files.xz as Buffer).length >> 1;
    expect(await problemWith(flipped(files.xz as Buffer, middle, 3), expected)).toMatch(/cannot decompress xz data: the data is corrupt/);
  });

  it('decodes what xz -9 and multi-threaded xz write (the largest dictionary Nix uses; several blocks)', async () => {
    for (const args of [
      ['-9', '-c'],
      ['-6', '-T2', '--block-size=65536', '-c'],
    ]) {
      const file = join(work, `xz${args.join('')}.nar.xz`);
      writeFileSync(file, tool('xz', args));
      await checkNarFileHere({ file, expected: { compression: 'xz', narHash: sha(nar), narSize: nar.length } }, () => {});
    }
  });
});
