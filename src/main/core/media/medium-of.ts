// Which removable medium a folder is on, if any, by the same detection as
// `media ls` (and AIRLOCK_MEDIA_ROOTS): `cache init` warns when an offline
// cache is about to be made on the machine's own disk instead of on a stick.
import { realpath } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { findVolumes, type FindMediaDeps } from './find-media';
import type { MountedVolume } from './volume';

/** The path with symlinks resolved as far as it exists (the rest may not be made yet). */
async function realPrefix(path: string): Promise<string> {
  const parent = dirname(path);
  const real = await realpath(path).catch(() => undefined);
  if (real !== undefined) return real;
  if (parent === path) return path;
  return resolve(await realPrefix(parent), path.slice(parent.length + (parent.endsWith(sep) ? 0 : 1)));
}

const within = (path: string, mountPoint: string): boolean =>
  path === mountPoint || path.startsWith(mountPoint.endsWith(sep) ? mountPoint : mountPoint + sep);

export async function mediumOf(path: string, deps: FindMediaDeps = {}): Promise<MountedVolume | undefined> {
  const target = await realPrefix(resolve(path));
  const volumes = await findVolumes(deps);
  const real = await Promise.all(volumes.map(async (v) => ({ v, at: await realpath(v.mountPoint).catch(() => resolve(v.mountPoint)) })));
  const holding = real.filter(({ at }) => within(target, at)).sort((a, b) => b.at.length - a.at.length);
  return holding[0]?.v;
}
