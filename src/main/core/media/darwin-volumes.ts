// macOS: every local volume mounted under /Volumes. The boot volume is not among
// them in `mount` output (its /Volumes entry is only a symlink to /), and
// network shares are left out by their missing `local` flag.
import { resolve } from 'node:path';
import type { MountedVolume } from './volume';
import { tryRun, type RunCommand } from './run-command';

export interface DarwinMount {
  readonly source: string;
  readonly mountPoint: string;
  readonly fsType: string;
  readonly flags: readonly string[];
}

const LINE = /^(.+?) on (\/.*) \(([^,()]+)(?:, ([^()]*))?\)$/;

/** `mount` output: `/dev/disk4s1 on /Volumes/STICK (msdos, local, nodev, nosuid, noowners)`. */
export function parseDarwinMount(text: string): readonly DarwinMount[] {
  const out: DarwinMount[] = [];
  for (const line of text.split('\n')) {
    const m = LINE.exec(line.trim());
    if (!m) continue;
    out.push({
      source: m[1] as string,
      mountPoint: m[2] as string,
      fsType: m[3] as string,
      flags: (m[4] ?? '')
        .split(',')
        .map((f) => f.trim())
        .filter(Boolean),
    });
  }
  return out;
}

function covering(path: string, mounts: readonly DarwinMount[]): DarwinMount | undefined {
  let best: DarwinMount | undefined;
  for (const m of mounts) {
    const within = m.mountPoint === '/' || path === m.mountPoint || path.startsWith(`${m.mountPoint}/`);
    if (within && (!best || m.mountPoint.length > best.mountPoint.length)) best = m;
  }
  return best;
}

export async function findDarwinVolumes(deps: {
  readonly run: RunCommand;
  readonly roots: readonly string[];
}): Promise<readonly MountedVolume[]> {
  const mounts = parseDarwinMount((await tryRun(deps.run, 'mount', [])) ?? '');
  const volumes: MountedVolume[] = [];
  const describe = (mountPoint: string, m: DarwinMount | undefined, origin: MountedVolume['origin']): MountedVolume => ({
    mountPoint,
    device: m?.source.startsWith('/dev/') ? m.source : null,
    label: origin === 'configured' ? null : (mountPoint.split('/').pop() ?? null),
    fsType: m?.fsType ?? null,
    deviceBytes: null,
    origin,
  });
  for (const root of deps.roots) volumes.push(describe(resolve(root), covering(resolve(root), mounts), 'configured'));
  for (const m of mounts) {
    if (!/^\/Volumes\/[^/]+$/.test(m.mountPoint) || !m.flags.includes('local')) continue;
    if (volumes.some((v) => v.mountPoint === m.mountPoint)) continue;
    volumes.push(describe(m.mountPoint, m, 'removable-device'));
  }
  return volumes;
}
