// What each filesystem cannot hold, whatever name the platform gives it.
import { describe, expect, it } from 'vitest';
import { checkFitsOnMedium, describeLimits, FAT_MAX_FILE_BYTES, fsLimits } from '../../../../src/main/core/media/fs-limits';
import { fsDisplayName } from '../../../../src/main/core/media/fs-family';
import { formatBytes } from '../../../../src/shared/format';

const GiB = 1024 ** 3;

describe('checkFitsOnMedium', () => {
  it('says in plain words that FAT32 cannot take a NAR over 4 GiB, and what to do', () => {
    for (const name of ['vfat', 'msdos', 'FAT32', 'fuse.fusefat']) {
      expect(checkFitsOnMedium(name, { largestFile: 5.2 * GiB })).toEqual([
        'this stick is FAT32: a file over 4 GiB cannot be stored on it (the largest NAR is 5.2 GiB); reformat it as exFAT or ext4',
      ]);
    }
  });

  it('puts the line at 4 GiB − 1 bytes exactly', () => {
    expect(checkFitsOnMedium('vfat', { largestFile: FAT_MAX_FILE_BYTES })).toEqual([]);
    expect(checkFitsOnMedium('vfat', { largestFile: FAT_MAX_FILE_BYTES + 1 })).toHaveLength(1);
  });

  it('lets exFAT and NTFS take large files but names what they lose', () => {
    expect(checkFitsOnMedium('exfat', { largestFile: 40 * GiB })).toEqual([]);
    expect(checkFitsOnMedium('exFAT', { needsSymlinks: true })).toEqual([
      'this stick is exFAT: it cannot hold symbolic links, which this copy needs; reformat it as ext4',
    ]);
    expect(checkFitsOnMedium('fuseblk-unknown', { needsSymlinks: true, largestFile: 40 * GiB })).toEqual([]);
    expect(checkFitsOnMedium('ntfs3', { needsSymlinks: true })).toEqual([]);
    expect(checkFitsOnMedium('fuse.ntfs-3g', { needsPermissions: true })[0]).toMatch(
      /^this stick is NTFS: it does not keep Unix permissions/,
    );
  });

  it('finds nothing wrong with Unix filesystems', () => {
    for (const name of ['ext4', 'xfs', 'btrfs', 'apfs', 'hfs']) {
      expect(checkFitsOnMedium(name, { largestFile: 100 * GiB, needsSymlinks: true, needsPermissions: true }), name).toEqual([]);
    }
  });

  it('lists several problems together', () => {
    expect(checkFitsOnMedium('vfat', { largestFile: 5 * GiB, needsSymlinks: true, needsPermissions: true })).toHaveLength(3);
  });
});

describe('fsLimits and names', () => {
  it('claims nothing about a filesystem it does not know', () => {
    expect(fsLimits('fuseblk')).toEqual({ family: 'unknown', name: 'fuseblk', maxFileBytes: null, symlinks: null, permissions: null });
    expect(fsLimits(null).name).toBe('unknown');
    expect(describeLimits('ext4')).toBeNull();
  });

  it('describes limits in one line for a listing', () => {
    expect(describeLimits('vfat')).toBe('FAT32: no file over 4 GiB, no symbolic links, no Unix permissions');
    expect(describeLimits('exfat')).toBe('exFAT: no symbolic links, no Unix permissions');
    expect(describeLimits('ntfs')).toBe('NTFS: no Unix permissions');
  });

  it('names formats as operators know them', () => {
    expect(['vfat', 'fat16', 'exfat', 'ntfs-3g', 'ext4', 'apfs', 'hfsplus', 'zfs-ish'].map(fsDisplayName)).toEqual([
      'FAT32',
      'FAT16',
      'exFAT',
      'NTFS',
      'ext4',
      'APFS',
      'HFS+',
      'zfs-ish',
    ]);
  });

  it('formats sizes in binary units', () => {
    expect([0, 1023, 1024, 1536, 64 * 1024 ** 2, 5.2 * GiB, 3 * 1024 ** 4].map(formatBytes)).toEqual([
      '0 B',
      '1023 B',
      '1 KiB',
      '1.5 KiB',
      '64 MiB',
      '5.2 GiB',
      '3 TiB',
    ]);
  });
});
