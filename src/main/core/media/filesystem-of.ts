// Which filesystem holds a path, so its limits can be checked before a long
// copy rather than failing late (a FAT32 stick cannot hold a NAR over 4 GiB).
// Linux only for now (findmnt, and the boot sector for FUSE volumes, which
// report only "fuseblk"); elsewhere null, and the copy itself will tell.
import { coveringMount, FINDMNT_ARGS, parseFindmnt } from './findmnt';
import { readBootSectorFs } from './boot-sector';
import { runCommand, tryRun, type RunCommand } from './run-command';

export async function filesystemOf(path: string, run: RunCommand = runCommand): Promise<string | null> {
  if (process.platform !== 'linux') return null;
  const out = await tryRun(run, 'findmnt', FINDMNT_ARGS);
  if (out === undefined) return null;
  const mount = coveringMount(path, parseFindmnt(out));
  if (!mount) return null;
  if (mount.fsType === 'fuseblk' && mount.source.startsWith('/dev/')) return (await readBootSectorFs(mount.source)) ?? mount.fsType;
  return mount.fsType;
}
