// The removable media mounted now, with their space and what Airlock finds on
// them. Platform, tool runner and extra roots are parameters, so a test can run
// the real detection against loop-mounted images it made (no test can fake a USB bus).
import { delimiter } from 'node:path';
import type { MountedVolume } from './volume';
import { runCommand, type RunCommand } from './run-command';
import { findLinuxVolumes } from './linux-volumes';
import { findDarwinVolumes } from './darwin-volumes';
import { findWindowsVolumes } from './windows-volumes';
import { volumeSpace, type VolumeSpace } from './volume-space';
import { scanMediumContents, type MediumContents } from './medium-contents';
import { describeLimits } from './fs-limits';
import { fsDisplayName } from './fs-family';
import { statIfExists } from '../files/stat-if-exists';

export interface Medium extends MountedVolume, VolumeSpace, MediumContents {
  /** FAT32, exFAT, ext4…, for people. */
  readonly fsName: string;
  /** What the filesystem cannot hold, or null when it holds anything a cache needs. */
  readonly limits: string | null;
}

export interface FindMediaDeps {
  readonly platform?: NodeJS.Platform;
  readonly run?: RunCommand;
  /** Folders to list as media whether or not the OS calls them removable. */
  readonly roots?: readonly string[];
}

/** AIRLOCK_MEDIA_ROOTS: folders separated like PATH (':' on Unix, ';' on Windows). */
export function mediaRootsFromEnv(env: NodeJS.ProcessEnv, separator = delimiter): readonly string[] {
  return (env.AIRLOCK_MEDIA_ROOTS ?? '').split(separator).filter((r) => r.trim() !== '');
}

export async function findVolumes(deps: FindMediaDeps = {}): Promise<readonly MountedVolume[]> {
  const platform = deps.platform ?? process.platform;
  const base = { run: deps.run ?? runCommand, roots: deps.roots ?? [] };
  switch (platform) {
    case 'linux':
      return findLinuxVolumes(base);
    case 'darwin':
      return findDarwinVolumes(base);
    case 'win32':
      return findWindowsVolumes(base);
    default:
      // Elsewhere (the BSDs) only folders named as roots are known to be media.
      return base.roots.map((mountPoint) => ({
        mountPoint,
        device: null,
        label: null,
        fsType: null,
        deviceBytes: null,
        origin: 'configured' as const,
      }));
  }
}

async function isFolder(path: string): Promise<boolean> {
  return (await statIfExists(path))?.isDirectory() ?? false;
}

export async function findMedia(deps: FindMediaDeps = {}): Promise<readonly Medium[]> {
  const volumes = await findVolumes(deps);
  const media = await Promise.all(
    volumes.map(async (volume): Promise<Medium | undefined> => {
      // A root named but not mounted now (or a stick pulled mid-listing) is not a medium.
      if (!(await isFolder(volume.mountPoint))) return undefined;
      const [space, contents] = await Promise.all([volumeSpace(volume.mountPoint), scanMediumContents(volume.mountPoint)]);
      return { ...volume, fsName: fsDisplayName(volume.fsType), limits: describeLimits(volume.fsType), ...space, ...contents };
    }),
  );
  return media.filter((m): m is Medium => m !== undefined).sort((a, b) => a.mountPoint.localeCompare(b.mountPoint));
}
