// A FUSE mount says only `fuseblk`, whether the stick holds exFAT or NTFS, and
// the limits differ. The first sector of the device names the format; reading
// it needs read access to the device, so this is best effort.
import { open } from 'node:fs/promises';

export type BootSectorFs = 'exfat' | 'ntfs' | 'vfat';

/** Names the format from the first 512 bytes of a volume, or undefined. */
export function fsTypeFromBootSector(sector: Uint8Array): BootSectorFs | undefined {
  if (sector.length < 90) return undefined;
  const ascii = (from: number, to: number): string => Buffer.from(sector.subarray(from, to)).toString('latin1');
  // The OEM name field at offset 3 identifies exFAT and NTFS exactly.
  if (ascii(3, 11) === 'EXFAT   ') return 'exfat';
  if (ascii(3, 11) === 'NTFS    ') return 'ntfs';
  // FAT32 keeps its type string at 82, FAT12/16 at 54 (informational, but every formatter writes it).
  if (ascii(82, 87) === 'FAT32' || ascii(54, 57) === 'FAT') return 'vfat';
  return undefined;
}

export async function readBootSectorFs(device: string): Promise<BootSectorFs | undefined> {
  try {
    const file = await open(device, 'r');
    try {
      const sector = Buffer.alloc(512);
      const { bytesRead } = await file.read(sector, 0, 512, 0);
      return fsTypeFromBootSector(sector.subarray(0, bytesRead));
    } finally {
      await file.close();
    }
  } catch {
    return undefined;
  }
}
