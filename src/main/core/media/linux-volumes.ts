// Linux: removable block devices from lsblk, whatever is mounted where desktops
// and admins mount sticks, and any folders named as media roots.
import { resolve } from 'node:path';
import type { MountedVolume, VolumeOrigin } from './volume';
import { LSBLK_ARGS, LSBLK_LEGACY_ARGS, parseLsblk, type LsblkMount } from './lsblk';
import { FINDMNT_ARGS, coveringMount, parseFindmnt, type MountEntry } from './findmnt';
import { readBootSectorFs, type BootSectorFs } from './boot-sector';
import { tryRun, type RunCommand } from './run-command';

export interface LinuxDeps {
  readonly run: RunCommand;
  /** Folders to treat as media whatever the bus says (AIRLOCK_MEDIA_ROOTS, tests). */
  readonly roots: readonly string[];
  readonly readBootSector?: (device: string) => Promise<BootSectorFs | undefined>;
}

/** udisks mounts at /media/USER/LABEL (Debian) or /run/media/USER/LABEL (Fedora);
 * usbmount and admins use /media/NAME and /mnt/NAME. */
const MOUNT_ROOT_PATTERNS = [/^\/media\/[^/]+$/, /^\/media\/[^/]+\/[^/]+$/, /^\/run\/media\/[^/]+\/[^/]+$/, /^\/mnt\/[^/]+$/];

/** Booted from a stick (a NixOS installer, a live system), its own system mounts are
 * on a removable device too; they are the running system, not media to copy to. */
const SYSTEM_MOUNTS = new Set([
  '/',
  '/boot',
  '/boot/efi',
  '/efi',
  '/home',
  '/usr',
  '/var',
  '/nix',
  '/nix/store',
  '/nix/.ro-store',
  '/nix/.rw-store',
  '/iso',
]);

function atMountRoot(entry: MountEntry): boolean {
  if (!MOUNT_ROOT_PATTERNS.some((p) => p.test(entry.target))) return false;
  // A tmpfs or bind of system state under /mnt is not a medium; a device or a FUSE driver may be.
  return entry.source.startsWith('/dev/') || entry.fsType.startsWith('fuse');
}

async function readLsblk(run: RunCommand): Promise<readonly LsblkMount[]> {
  const out = (await tryRun(run, 'lsblk', LSBLK_ARGS)) ?? (await tryRun(run, 'lsblk', LSBLK_LEGACY_ARGS));
  try {
    return out === undefined ? [] : parseLsblk(out);
  } catch {
    return [];
  }
}

async function readMountTable(run: RunCommand): Promise<readonly MountEntry[]> {
  const out = await tryRun(run, 'findmnt', FINDMNT_ARGS);
  try {
    return out === undefined ? [] : parseFindmnt(out);
  } catch {
    return [];
  }
}

export async function findLinuxVolumes(deps: LinuxDeps): Promise<readonly MountedVolume[]> {
  const [blocks, table] = await Promise.all([readLsblk(deps.run), readMountTable(deps.run)]);
  const sniff = deps.readBootSector ?? readBootSectorFs;
  const wanted = new Map<string, VolumeOrigin>();
  for (const root of deps.roots) wanted.set(resolve(root), 'configured');
  for (const b of blocks)
    if (b.removable && !SYSTEM_MOUNTS.has(b.mountPoint) && !wanted.has(b.mountPoint)) wanted.set(b.mountPoint, 'removable-device');
  for (const m of table) if (atMountRoot(m) && !wanted.has(m.target)) wanted.set(m.target, 'mount-root');

  const volumes: MountedVolume[] = [];
  for (const [mountPoint, origin] of wanted) {
    const mount = coveringMount(mountPoint, table);
    const device = mount?.source.startsWith('/dev/') ? mount.source : null;
    const block = blocks.find((b) => b.mountPoint === mount?.target) ?? blocks.find((b) => b.mountPoint === mountPoint);
    // lsblk names the on-disk format (from udev); without udev, or under FUSE, the
    // kernel's name is all there is, and `fuseblk` is refined from the boot sector.
    let fsType = block?.fsType ?? mount?.fsType ?? null;
    if (fsType === 'fuseblk' && device) fsType = (await sniff(device)) ?? fsType;
    volumes.push({
      mountPoint,
      device: block?.device ?? device,
      label: block?.label ?? mount?.label ?? null,
      fsType,
      deviceBytes: block?.sizeBytes ?? null,
      origin,
    });
  }
  return volumes;
}
