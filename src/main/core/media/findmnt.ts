// The Linux mount table as `findmnt --json --list` gives it: what is mounted
// where, with which driver. It also names the filesystem of any folder (the
// mount that covers it), which is how a folder given as a media root gets its type.
import { sep } from 'node:path';

export const FINDMNT_ARGS = ['--json', '--list', '-o', 'TARGET,SOURCE,FSTYPE,LABEL'] as const;

export interface MountEntry {
  readonly target: string;
  /** /dev/sdb1, or a FUSE daemon's name (fusefat) when there is no device. */
  readonly source: string;
  /** The kernel's name for the driver: ext4, vfat, fuseblk, fuse.fusefat… */
  readonly fsType: string;
  readonly label: string | null;
}

export function parseFindmnt(json: string): readonly MountEntry[] {
  const doc = JSON.parse(json) as { filesystems?: unknown };
  if (!Array.isArray(doc.filesystems)) throw new Error('findmnt output has no filesystems');
  const out: MountEntry[] = [];
  for (const raw of doc.filesystems as unknown[]) {
    if (typeof raw !== 'object' || raw === null) continue;
    const fs = raw as Record<string, unknown>;
    if (typeof fs.target !== 'string' || typeof fs.fstype !== 'string') continue;
    out.push({
      target: fs.target,
      source: typeof fs.source === 'string' ? fs.source : '',
      fsType: fs.fstype,
      label: typeof fs.label === 'string' && fs.label !== '' ? fs.label : null,
    });
  }
  return out;
}

function isWithin(path: string, mountPoint: string): boolean {
  if (mountPoint === '/') return path.startsWith('/');
  return path === mountPoint || path.startsWith(mountPoint + sep);
}

/** The mount a folder lives on: the deepest covering one, and the last mounted when stacked. */
export function coveringMount(path: string, table: readonly MountEntry[]): MountEntry | undefined {
  let best: MountEntry | undefined;
  for (const entry of table) {
    if (isWithin(path, entry.target) && (!best || entry.target.length >= best.target.length)) best = entry;
  }
  return best;
}
