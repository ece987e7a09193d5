// Reading `lsblk --json`: which block devices are removable and where they are
// mounted. Tolerates the shapes of util-linux 2.3x: booleans or "0"/"1" strings,
// MOUNTPOINTS (2.37+) or MOUNTPOINT, sizes as numbers or strings.

const COLUMNS = 'NAME,PATH,RM,HOTPLUG,TRAN,TYPE,LABEL,FSTYPE,SIZE';
export const LSBLK_ARGS = ['--json', '--bytes', '-o', `${COLUMNS},MOUNTPOINTS`] as const;
/** util-linux before 2.37 knows only MOUNTPOINT (one per device). */
export const LSBLK_LEGACY_ARGS = ['--json', '--bytes', '-o', `${COLUMNS},MOUNTPOINT`] as const;

export interface LsblkMount {
  readonly device: string;
  readonly mountPoint: string;
  readonly label: string | null;
  /** The on-disk format as udev probed it (exfat, vfat, ntfs), even under FUSE. */
  readonly fsType: string | null;
  readonly sizeBytes: number | null;
  /** The device or one of its parents is removable, hot-pluggable or on USB. */
  readonly removable: boolean;
}

type Json = Record<string, unknown>;

function flag(value: unknown): boolean {
  return value === true || value === 1 || value === '1';
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function bytes(value: unknown): number | null {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : null;
}

function mountPoints(dev: Json): string[] {
  const list = Array.isArray(dev.mountpoints) ? dev.mountpoints : [dev.mountpoint];
  // [SWAP] is not a folder; null stands for "not mounted".
  return list.filter((m): m is string => typeof m === 'string' && m.startsWith('/'));
}

function walk(devices: unknown, parentRemovable: boolean, out: LsblkMount[]): void {
  if (!Array.isArray(devices)) return;
  for (const raw of devices) {
    if (typeof raw !== 'object' || raw === null) continue;
    const dev = raw as Json;
    // A partition's own RM flag is not always set; the disk's is what counts.
    const removable = parentRemovable || flag(dev.rm) || flag(dev.hotplug) || dev.tran === 'usb';
    const device = text(dev.path) ?? (text(dev.name) ? `/dev/${String(dev.name)}` : null);
    if (device) {
      for (const mountPoint of mountPoints(dev)) {
        out.push({ device, mountPoint, label: text(dev.label), fsType: text(dev.fstype), sizeBytes: bytes(dev.size), removable });
      }
    }
    walk(dev.children, removable, out);
  }
}

/** Every mounted block device, removable or not; throws on output that is not lsblk JSON. */
export function parseLsblk(json: string): readonly LsblkMount[] {
  const doc = JSON.parse(json) as Json;
  if (!Array.isArray(doc.blockdevices)) throw new Error('lsblk output has no blockdevices');
  const out: LsblkMount[] = [];
  walk(doc.blockdevices, false, out);
  return out;
}
