// A mounted volume that may be a medium, as each platform's detection finds it,
// before anything is read from it.

/** Why it is on the list: the OS says the device is removable, it is mounted
 * where desktops mount sticks, or the operator (or a test) named the folder. */
export type VolumeOrigin = 'removable-device' | 'mount-root' | 'configured';

export interface MountedVolume {
  readonly mountPoint: string;
  /** /dev/sdb1, disk4s1, or null when not known (a FUSE mount without a device). */
  readonly device: string | null;
  readonly label: string | null;
  /** As the platform names it (vfat, exfat, ext4, msdos, FAT32, NTFS…); null if unknown. */
  readonly fsType: string | null;
  /** Size of the device when the platform reports it; statfs is preferred. */
  readonly deviceBytes: number | null;
  readonly origin: VolumeOrigin;
}
