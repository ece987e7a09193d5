// Windows: removable drives (USB sticks, SD cards) from Get-Volume. USB hard
// disks report as Fixed and are only found when named as media roots.
// win32 paths explicitly, so the parser is the same when tests run it on Linux.
import { win32 } from 'node:path';
import type { MountedVolume } from './volume';
import { tryRun, type RunCommand } from './run-command';

// Casting to [string] keeps the JSON the same across PowerShell 5 and 7, which
// serialise the DriveLetter char and the DriveType enum differently.
export const GET_VOLUME_ARGS = [
  '-NoProfile',
  '-NonInteractive',
  '-Command',
  "Get-Volume | Select-Object @{n='DriveLetter';e={[string]$_.DriveLetter}},FileSystemLabel,FileSystem,@{n='DriveType';e={[string]$_.DriveType}},Size,SizeRemaining | ConvertTo-Json -Compress",
] as const;

export interface WindowsVolume {
  readonly driveLetter: string;
  readonly label: string | null;
  readonly fileSystem: string | null;
  readonly removable: boolean;
  readonly sizeBytes: number | null;
}

function letter(value: unknown): string | null {
  if (typeof value === 'number' && value >= 65 && value <= 90) return String.fromCharCode(value);
  return typeof value === 'string' && /^[A-Za-z]$/.test(value) ? value.toUpperCase() : null;
}

function isRemovable(value: unknown): boolean {
  // MSFT_Volume.DriveType 2 is Removable; formatted output spells it out.
  return value === 2 || value === '2' || value === 'Removable';
}

/** Get-Volume as JSON: an array, or a single object when there is one volume. */
export function parseGetVolume(json: string): readonly WindowsVolume[] {
  if (json.trim() === '') return [];
  const doc: unknown = JSON.parse(json);
  const list = Array.isArray(doc) ? doc : [doc];
  const out: WindowsVolume[] = [];
  for (const raw of list) {
    if (typeof raw !== 'object' || raw === null) continue;
    const v = raw as Record<string, unknown>;
    const driveLetter = letter(v.DriveLetter);
    if (!driveLetter) continue;
    out.push({
      driveLetter,
      label: typeof v.FileSystemLabel === 'string' && v.FileSystemLabel !== '' ? v.FileSystemLabel : null,
      fileSystem: typeof v.FileSystem === 'string' && v.FileSystem !== '' ? v.FileSystem : null,
      removable: isRemovable(v.DriveType),
      sizeBytes: typeof v.Size === 'number' ? v.Size : null,
    });
  }
  return out;
}

export async function findWindowsVolumes(deps: {
  readonly run: RunCommand;
  readonly roots: readonly string[];
}): Promise<readonly MountedVolume[]> {
  const output = (await tryRun(deps.run, 'powershell.exe', GET_VOLUME_ARGS)) ?? '';
  let volumes: readonly WindowsVolume[];
  try {
    volumes = parseGetVolume(output);
  } catch {
    // Output that is not JSON (a policy banner, a broken PowerShell): only the roots are known.
    volumes = [];
  }
  const out: MountedVolume[] = [];
  const describe = (mountPoint: string, v: WindowsVolume | undefined, origin: MountedVolume['origin']): MountedVolume => ({
    mountPoint,
    device: v ? `${v.driveLetter}:` : null,
    label: v?.label ?? null,
    fsType: v?.fileSystem ?? null,
    deviceBytes: v?.sizeBytes ?? null,
    origin,
  });
  for (const root of deps.roots) {
    const path = win32.resolve(root);
    out.push(
      describe(
        path,
        volumes.find((v) => path.toUpperCase().startsWith(`${v.driveLetter}:`)),
        'configured',
      ),
    );
  }
  for (const v of volumes) {
    const mountPoint = `${v.driveLetter}:\\`;
    if (v.removable && !out.some((o) => o.mountPoint.toUpperCase() === mountPoint)) out.push(describe(mountPoint, v, 'removable-device'));
  }
  return out;
}
