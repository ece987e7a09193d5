// Rule 7 on real NAR files written by `nix copy`, and on files broken on purpose.
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { zstdCompressSync } from './zstd-sync';
import { checkNarFiles, NarFileProblem, type NarFileJob } from '../../../../src/main/core/bundle/nar-file-check';
import { parseNarInfo } from '../../../../src/main/core/nix/narinfo';
import { formatHash } from '../../../../src/main/core/nix/hash';
import { encodeNix32 } from '../../../../src/main/core/nix/nix32';
import { buildLinkedPaths, nixCopyToCache } from '../../../helpers/nix-binary-cache';
import { dir, file, narOf } from '../../../helpers/nar-builder';
import { tempDir } from '../../../helpers/tmp';

const work = tempDir();

/** Every NAR of a cache written by real Nix, as a job with what its narinfo promises. */
function jobsOf(cache: string): NarFileJob[] {
  return readdirSync(cache)
    .filter((f) => f.endsWith('.narinfo'))
    .map((f) => {
      const info = parseNarInfo(readFileSync(join(cache, f), 'utf8'));
      return {
        file: join(cache, info.url),
        expected: {
          compression: info.compression,
          fileHash: info.fileHash ? formatHash(info.fileHash) : undefined,
          fileSize: info.fileSize,
          narHash: formatHash(info.narHash),
          narSize: info.narSize,
        },
      };
    });
}

async function problemOf(jobs: readonly NarFileJob[]): Promise<string> {
  const err = await checkNarFiles(jobs).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(NarFileProblem);
  return (err as NarFileProblem).problem;
}

const caches: Record<string, string> = {};
beforeAll(() => {
  const { top } = buildLinkedPaths();
  for (const c of ['xz', 'zstd', 'none', 'bzip2']) caches[c] = nixCopyToCache(join(work, `cache-${c}`), [top], c);
});

describe('checkNarFiles', () => {
  it('accepts every NAR of caches written by nix copy (xz, zstd, none, bzip2), reporting progress', async () => {
    for (const [compression, cache] of Object.entries(caches)) {
      const jobs = jobsOf(cache);
      expect(jobs.length, compression).toBe(3);
      let last = { bytes: 0, files: 0 };
      await checkNarFiles(jobs, { onProgress: (p) => (last = p) });
      expect(last.files).toBe(3);
      expect(last.bytes).toBe(jobs.reduce((n, j) => n + (j.expected.fileSize ?? 0), 0));
    }
  });

  it('copies exactly the bytes it checked, and fsyncs them', async () => {
    const jobs = jobsOf(caches.xz as string).map((j, i) => ({ ...j, copyTo: join(work, `copy-${i}`) }));
    await checkNarFiles(jobs);
    for (const j of jobs) expect(readFileSync(j.copyTo).equals(readFileSync(j.file))).toBe(true);
  });

  it('refuses a flipped byte, a truncation, a missing file and a wrong FileSize, and removes its copy', async () => {
    const [job] = jobsOf(caches.zstd as string) as [NarFileJob];
    const bytes = readFileSync(job.file);
    const flipped = join(work, 'flipped.nar.zst');
    writeFileSync(
      flipped,
      Buffer.from(bytes).fill((bytes[bytes.length >> 1] as number) ^ 0xff, bytes.length >> 1, (bytes.length >> 1) + 1),
    );
    const copyTo = join(work, 'copy-of-flipped');
    expect(await problemOf([{ ...job, file: flipped, copyTo }])).toMatch(/zstd|FileHash|NarHash|malformed/);
    expect(existsSync(copyTo)).toBe(false);
    const cut = join(work, 'cut.nar.zst');
    writeFileSync(cut, bytes.subarray(0, bytes.length - 10));
    expect(await problemOf([{ ...job, file: cut }])).toMatch(/zstd|FileSize|ends|NAR/);
    expect(await problemOf([{ ...job, file: join(work, 'absent.nar.zst') }])).toBe('is missing');
    expect(await problemOf([{ ...job, expected: { ...job.expected, fileSize: (job.expected.fileSize ?? 0) + 1 } }])).toMatch(/FileSize/);
  });

  it('refuses a NAR whose hashes match the narinfo but which is not canonical (unsorted entries)', async () => {
    const bad = narOf(dir(['b', file('x')], ['a', file('y')]));
    const narHash = `sha256:${encodeNix32(createHash('sha256').update(bad).digest())}`;
    const path = join(work, 'unsorted.nar');
    writeFileSync(path, bad);
    const problem = await problemOf([{ file: path, expected: { compression: 'none', narHash, narSize: bad.length } }]);
    expect(problem).toMatch(/not sorted/);
  });

  it('never follows a symbolic link', async () => {
    const [job] = jobsOf(caches.none as string) as [NarFileJob];
    const link = join(work, 'link.nar');
    symlinkSync(job.file, link);
    expect(await problemOf([{ ...job, file: link }])).toMatch(/symbolic link/);
  });

  it('refuses a valid NAR in the wrong compression, and a NAR that is bigger than NarSize', async () => {
    const [job] = jobsOf(caches.none as string) as [NarFileJob];
    expect(await problemOf([{ ...job, expected: { ...job.expected, compression: 'xz' } }])).toMatch(/xz/i);
    const copy = join(work, 'plain.nar');
    copyFileSync(job.file, copy);
    const small = { ...job.expected, narSize: job.expected.narSize - 8, fileSize: undefined, fileHash: undefined };
    expect(await problemOf([{ file: copy, expected: small }])).toMatch(/past the end|after the end|NarSize/);
    // zstd of the same NAR with the right hashes is accepted: the refusal above is about size only.
    const zst = join(work, 'plain.nar.zst');
    writeFileSync(zst, zstdCompressSync(readFileSync(copy)));
    await checkNarFiles([{ file: zst, expected: { ...job.expected, compression: 'zstd', fileHash: undefined, fileSize: undefined } }]);
  });
});
