// Detection, limits and the write probe against real filesystems: ext4 through
// the kernel, FAT32 through fusefat, exFAT through exfat-fuse on a loop device,
// each loop-mounted from an image this test makes (and unmounts in afterAll).
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { findMedia, type Medium } from '../../../../src/main/core/media/find-media';
import { probeWritable } from '../../../../src/main/core/media/probe-writable';
import { checkFitsOnMedium, fsLimits } from '../../../../src/main/core/media/fs-limits';
import { requireLoopMounting, setupOrFailEach, useLoopMedia, type LoopMedium } from './loop-media';

const loops = useLoopMedia();
let ext4: LoopMedium;
let fat: LoopMedium;
let exfat: LoopMedium;
let readOnly: LoopMedium;
let media: readonly Medium[];

setupOrFailEach(async () => {
  requireLoopMounting(['ext4', 'fat32', 'exfat']);
  ext4 = loops.make('ext4', 'AIREXT');
  fat = loops.make('fat32', 'AIRFAT');
  exfat = loops.make('exfat', 'AIREX');
  readOnly = loops.make('ext4', 'AIRRO', { readOnly: true });
  media = await findMedia({ roots: [ext4.mountPoint, fat.mountPoint, exfat.mountPoint] });
});

const medium = (m: LoopMedium): Medium => {
  const found = media.find((x) => x.mountPoint === m.mountPoint);
  if (!found) throw new Error(`${m.mountPoint} was not listed`);
  return found;
};

describe('findMedia on real filesystems', () => {
  it('names each format, through FUSE too (exfat-fuse mounts as fuseblk: the boot sector tells)', () => {
    expect([ext4, fat, exfat].map((m) => [medium(m).fsType, medium(m).fsName])).toEqual([
      ['ext4', 'ext4'],
      ['fuse.fusefat', 'FAT32'],
      ['exfat', 'exFAT'],
    ]);
    expect(medium(exfat).device).toMatch(/^\/dev\/loop\d+$/);
    // Labels come from the filesystem (fusefat has no device to read one from).
    expect([medium(ext4).label, medium(exfat).label]).toEqual(['AIREXT', 'AIREX']);
  });

  it('reports free space as df does, and it falls when a file is written', async () => {
    for (const m of [ext4, exfat]) {
      const found = medium(m);
      const [size, avail] = execFileSync('df', ['-B1', '--output=size,avail', m.mountPoint], { encoding: 'utf8' })
        .trim()
        .split('\n')[1]!
        .trim()
        .split(/\s+/)
        .map(Number);
      expect(found.totalBytes, m.fs).toBe(size);
      expect(found.freeBytes, m.fs).toBe(avail);
      expect(found.totalBytes!).toBeLessThanOrEqual(m.imageBytes);
      expect(found.freeBytes!).toBeGreaterThan(m.imageBytes / 2);
      await writeFile(join(m.mountPoint, 'eight-mib'), Buffer.alloc(8 << 20, 1));
      const after = (await findMedia({ roots: [m.mountPoint] }))[0];
      expect(found.freeBytes! - after!.freeBytes!, m.fs).toBeGreaterThanOrEqual(8 << 20);
      rmSync(join(m.mountPoint, 'eight-mib'));
    }
  });

  it('says "unknown" rather than "full" when the driver does not report space (fusefat answers statfs with zeros)', () => {
    expect([medium(fat).totalBytes, medium(fat).freeBytes]).toEqual([null, null]);
  });
});

describe('the limits table matches what the real drivers do', () => {
  it('probeWritable writes, fsyncs and renames on each, and finds symlinks and permissions as fsLimits says', async () => {
    for (const m of [ext4, fat, exfat]) {
      const probe = await probeWritable(m.mountPoint);
      const limits = fsLimits(medium(m).fsType);
      expect(probe.writable, `${m.fs}: ${probe.problem}`).toBe(true);
      expect([probe.symlinks, probe.permissions], m.fs).toEqual([limits.symlinks, limits.permissions]);
    }
    expect((await probeWritable(ext4.mountPoint)).freeBytes).toBe(medium(ext4).freeBytes);
  });

  it('FAT32 really refuses a file over 4 GiB where ext4 takes it, and the check says so first', async () => {
    // Sparse on ext4, so a 64 MiB image can hold it; FAT refuses the size itself
    // (EFBIG from the kernel's vfat, EPERM from fusefat), not for want of space.
    for (const m of [ext4, fat]) await writeFile(join(m.mountPoint, 'five-gib'), '');
    await expect(truncate(join(ext4.mountPoint, 'five-gib'), 5 * 1024 ** 3)).resolves.toBeUndefined();
    await expect(truncate(join(fat.mountPoint, 'five-gib'), 5 * 1024 ** 3)).rejects.toMatchObject({
      code: expect.stringMatching(/^(EFBIG|EPERM)$/),
    });
    for (const m of [ext4, fat]) rmSync(join(m.mountPoint, 'five-gib'));
    expect(checkFitsOnMedium(medium(fat).fsType, { largestFile: 5.2 * 1024 ** 3 })).toEqual([
      'this stick is FAT32: a file over 4 GiB cannot be stored on it (the largest NAR is 5.2 GiB); reformat it as exFAT or ext4',
    ]);
    expect(checkFitsOnMedium(medium(exfat).fsType, { largestFile: 5.2 * 1024 ** 3 })).toEqual([]);
  });

  it('probeWritable explains a read-only mount and a folder that is gone, leaving nothing behind', async () => {
    const ro = await probeWritable(readOnly.mountPoint);
    expect(ro.writable).toBe(false);
    expect(ro.problem).toMatch(/is read-only \(is the stick's write-protect switch on/);
    expect(ro.freeBytes).toBeGreaterThan(0);
    expect((await probeWritable(join(ext4.mountPoint, 'gone'))).problem).toMatch(/is not a folder/);
    const left = execFileSync('ls', ['-A', ext4.mountPoint, fat.mountPoint, exfat.mountPoint], { encoding: 'utf8' });
    expect(left).not.toMatch(/airlock-probe/);
  });
});
