// One name for a filesystem, whatever the platform calls it: Linux says vfat or
// fuse.fusefat, macOS msdos, Windows FAT32. Limits follow the family.

export type FsFamily = 'fat' | 'exfat' | 'ntfs' | 'unix' | 'unknown';

const FAT = new Set(['vfat', 'msdos', 'fat', 'fat12', 'fat16', 'fat32', 'fuse.fusefat', 'fusefat', 'umsdos']);
const EXFAT = new Set(['exfat', 'fuse.exfat', 'fuse.exfat-fuse']);
const NTFS = new Set(['ntfs', 'ntfs3', 'ntfs-3g', 'fuse.ntfs-3g', 'fuse.ntfs', 'ufsd_ntfs']);
/** Filesystems that keep symbolic links, permissions and files of any size a NAR may have. */
const UNIX = new Set(['ext2', 'ext3', 'ext4', 'xfs', 'btrfs', 'f2fs', 'zfs', 'jfs', 'nilfs2', 'bcachefs', 'apfs', 'hfs', 'hfsplus', 'ufs']);

export function fsFamily(fsType: string | null): FsFamily {
  const name = (fsType ?? '').toLowerCase();
  if (FAT.has(name)) return 'fat';
  if (EXFAT.has(name)) return 'exfat';
  if (NTFS.has(name)) return 'ntfs';
  if (UNIX.has(name)) return 'unix';
  return 'unknown';
}

/** How an operator knows the format: FAT32, exFAT, NTFS, ext4, APFS… */
export function fsDisplayName(fsType: string | null): string {
  if (fsType === null) return 'unknown';
  const name = fsType.toLowerCase();
  switch (fsFamily(fsType)) {
    case 'fat':
      return name === 'fat16' || name === 'fat12' ? name.toUpperCase() : 'FAT32';
    case 'exfat':
      return 'exFAT';
    case 'ntfs':
      return 'NTFS';
    case 'unix':
      return name === 'apfs' ? 'APFS' : name === 'hfs' || name === 'hfsplus' ? 'HFS+' : name;
    case 'unknown':
      return fsType;
  }
}
