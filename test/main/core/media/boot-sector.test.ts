// Naming the format behind a `fuseblk` mount from its first sector, on images
// made by the real mkfs tools.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../../helpers/tmp';
import { fsTypeFromBootSector, readBootSectorFs } from '../../../../src/main/core/media/boot-sector';

const work = tempDir();

function image(name: string, mkfs: string, args: readonly string[]): string {
  const file = join(work, name);
  writeFileSync(file, '');
  truncateSync(file, 64 * 1024 * 1024);
  try {
    execFileSync(mkfs, [...args, file], { stdio: 'pipe' });
  } catch (err) {
    throw new Error(`${mkfs} failed (install dosfstools exfatprogs): ${(err as Error).message}`, { cause: err });
  }
  return file;
}

describe('boot sector', () => {
  it('tells exFAT, FAT32 and FAT16 apart on real images, and claims nothing for ext4', async () => {
    expect(await readBootSectorFs(image('exfat.img', 'mkfs.exfat', []))).toBe('exfat');
    expect(await readBootSectorFs(image('fat32.img', 'mkfs.vfat', ['-F', '32']))).toBe('vfat');
    expect(await readBootSectorFs(image('fat16.img', 'mkfs.vfat', ['-F', '16']))).toBe('vfat');
    expect(await readBootSectorFs(image('ext4.img', 'mkfs.ext4', ['-q', '-F']))).toBeUndefined();
  });

  it('knows NTFS by its OEM name (mkntfs is not installed here)', () => {
    const sector = Buffer.alloc(512);
    sector.write('\xebR\x90NTFS    ', 0, 'latin1');
    expect(fsTypeFromBootSector(sector)).toBe('ntfs');
  });

  it('is quiet about a short read or a device it cannot open', async () => {
    expect(fsTypeFromBootSector(Buffer.from('EXFAT'))).toBeUndefined();
    expect(await readBootSectorFs(join(work, 'missing'))).toBeUndefined();
  });
});
