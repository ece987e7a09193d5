// Size and free space of the filesystem holding a folder, as df reports them.
import { statfs } from 'node:fs/promises';

export interface VolumeSpace {
  /** null when the driver does not say (some FUSE drivers answer statfs with zeros). */
  readonly totalBytes: number | null;
  /** What an unprivileged writer can use (f_bavail), not counting root's reserve. */
  readonly freeBytes: number | null;
}

export async function volumeSpace(dir: string): Promise<VolumeSpace> {
  try {
    const s = await statfs(dir);
    // A filesystem with no blocks at all is a driver that did not answer, not a
    // full stick; reporting 0 free would send the operator looking for space.
    if (s.blocks <= 0 || s.bsize <= 0) return { totalBytes: null, freeBytes: null };
    return { totalBytes: s.blocks * s.bsize, freeBytes: s.bavail * s.bsize };
  } catch {
    return { totalBytes: null, freeBytes: null };
  }
}
