// `airlock media ls` run as an operator would, on real filesystems loop-mounted
// by this test (ext4, FAT32 through fusefat, exFAT through exfat-fuse) and named
// in AIRLOCK_MEDIA_ROOTS, since no test can plug a stick into a USB bus.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { airlock } from '../helpers/run-cli';
import { requireLoopMounting, setupOrFailEach, useLoopMedia, type LoopMedium } from '../main/core/media/loop-media';
import { writeBundle, writeOfflineCache } from '../main/core/media/medium-fixture';
import { checkFitsOnMedium } from '../../src/main/core/media/fs-limits';

interface ListedMedium {
  mountPoint: string;
  label: string | null;
  fsType: string | null;
  fsName: string;
  totalBytes: number | null;
  freeBytes: number | null;
  limits: string | null;
  cache: { path: string; accepted: { site: string; sequence: number }[] } | null;
  bundles: { folder: string; site: string; sequence: number; systems: { host: string; action: string }[] }[];
  brokenBundles: { folder: string; problem: string }[];
}

const loops = useLoopMedia();
let ext4: LoopMedium;
let fat: LoopMedium;
let exfat: LoopMedium;
let env: NodeJS.ProcessEnv;

setupOrFailEach(() => {
  requireLoopMounting(['ext4', 'fat32', 'exfat']);
  ext4 = loops.make('ext4', 'SITEEXT');
  fat = loops.make('fat32', 'SITEFAT');
  exfat = loops.make('exfat', 'SITEEX');
  // The station's stick: the offline cache and the bundle just copied onto it.
  writeOfflineCache(ext4.mountPoint, [['accel-ctl', 41]]);
  writeBundle(join(ext4.mountPoint, 'accel-ctl-42.airlock'), 'accel-ctl', 42);
  // The courier's FAT32 stick: a bundle put in a folder, and an unfinished copy.
  writeBundle(join(fat.mountPoint, 'transfer', 'accel-ctl-43.airlock'), 'accel-ctl', 43);
  mkdirSync(join(fat.mountPoint, 'accel-ctl-44.airlock'));
  // An exFAT stick holding both.
  writeOfflineCache(exfat.mountPoint, []);
  writeBundle(join(exfat.mountPoint, 'accel-ctl-43.airlock'), 'accel-ctl', 43);
  env = { AIRLOCK_MEDIA_ROOTS: [ext4.mountPoint, fat.mountPoint, exfat.mountPoint].join(':') };
});

let listed: ListedMedium[] | undefined;
/** One run serves the --json tests (each run costs a second of start-up); nothing changes the media in between. */
function listJson(): ListedMedium[] {
  if (listed) return listed;
  const r = airlock(['media', 'ls', '--json'], env);
  expect(r.status, r.stderr).toBe(0);
  // Not a terminal, so not a byte of progress or chatter on stderr.
  expect(r.stderr).toBe('');
  listed = JSON.parse(r.text) as ListedMedium[];
  return listed;
}

function find(list: readonly ListedMedium[], m: LoopMedium): ListedMedium {
  const found = list.find((x) => x.mountPoint === m.mountPoint);
  if (!found) throw new Error(`${m.mountPoint} missing from: ${JSON.stringify(list.map((x) => x.mountPoint))}`);
  return found;
}

function dfAvail(dir: string): number {
  return Number(execFileSync('df', ['-B1', '--output=avail', dir], { encoding: 'utf8' }).trim().split('\n')[1]);
}

describe('airlock media ls --json', () => {
  it('names each filesystem with its limits, on stdout only', () => {
    const list = listJson();
    expect([ext4, fat, exfat].map((m) => [find(list, m).fsName, find(list, m).limits])).toEqual([
      ['ext4', null],
      ['FAT32', 'FAT32: no file over 4 GiB, no symbolic links, no Unix permissions'],
      ['exFAT', 'exFAT: no symbolic links, no Unix permissions'],
    ]);
    expect([find(list, ext4).label, find(list, exfat).label]).toEqual(['SITEEXT', 'SITEEX']);
  });

  it('reports size and free space as df does (and unknown, not zero, where fusefat does not say)', () => {
    const list = listJson();
    for (const m of [ext4, exfat]) {
      const { totalBytes, freeBytes } = find(list, m);
      expect(freeBytes, m.fs).toBe(dfAvail(m.mountPoint));
      expect(totalBytes!, m.fs).toBeGreaterThan(m.imageBytes * 0.8);
      expect(totalBytes!, m.fs).toBeLessThanOrEqual(m.imageBytes);
      expect(freeBytes!, m.fs).toBeGreaterThan(m.imageBytes / 2);
    }
    expect(find(list, fat).freeBytes).toBeNull();
  });

  it('finds the offline cache and the bundles, at the top or one folder down, and the unfinished copy', () => {
    const list = listJson();
    expect(find(list, ext4).cache).toEqual({ path: join(ext4.mountPoint, 'airlock'), accepted: [{ site: 'accel-ctl', sequence: 41 }] });
    expect(find(list, exfat).cache).toEqual({ path: join(exfat.mountPoint, 'airlock'), accepted: [] });
    expect(find(list, fat).cache).toBeNull();
    expect(find(list, ext4).bundles).toMatchObject([
      {
        folder: join(ext4.mountPoint, 'accel-ctl-42.airlock'),
        site: 'accel-ctl',
        sequence: 42,
        systems: [{ host: 'plc1', action: 'switch' }],
      },
    ]);
    expect(find(list, fat).bundles.map((b) => [b.folder, b.sequence])).toEqual([
      [join(fat.mountPoint, 'transfer', 'accel-ctl-43.airlock'), 43],
    ]);
    expect(find(list, fat).brokenBundles).toEqual([
      { folder: join(fat.mountPoint, 'accel-ctl-44.airlock'), problem: 'no airlock-bundle.json (an unfinished copy?)' },
    ]);
    expect(find(list, exfat).bundles.map((b) => b.sequence)).toEqual([43]);
  });

  it("gives the FAT32 stick's 4 GiB limit in words an operator acts on", () => {
    expect(checkFitsOnMedium(find(listJson(), fat).fsType, { largestFile: 5.2 * 1024 ** 3 })).toEqual([
      'this stick is FAT32: a file over 4 GiB cannot be stored on it (the largest NAR is 5.2 GiB); reformat it as exFAT or ext4',
    ]);
  });
});

describe('airlock media ls', () => {
  it('prints a table: mount point, label, filesystem, size, free, cache, bundles; then the limits', () => {
    const r = airlock(['media', 'ls'], env);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.text.split('\n');
    expect(lines[0]).toMatch(/^MOUNT POINT\s+LABEL\s+FILESYSTEM\s+SIZE\s+FREE\s+CACHE\s+BUNDLES$/);
    const row = (m: LoopMedium): string => lines.find((l) => l.startsWith(`${m.mountPoint} `)) ?? '';
    expect(row(ext4)).toMatch(/SITEEXT\s+ext4\s+\d+(\.\d)? MiB\s+\d+(\.\d)? MiB\s+yes \(1 accepted\)\s+accel-ctl-42$/);
    expect(row(fat)).toMatch(/-\s+FAT32\s+\?\s+\?\s+-\s+accel-ctl-43 \(1 broken\)$/);
    expect(row(exfat)).toMatch(/SITEEX\s+exFAT\s+64 MiB\s+\d+(\.\d)? MiB\s+yes\s+accel-ctl-43$/);
    expect(r.text).toContain(`note: ${fat.mountPoint} is FAT32: no file over 4 GiB, no symbolic links, no Unix permissions\n`);
    expect(r.text).toContain(`note: ${join(fat.mountPoint, 'accel-ctl-44.airlock')}: no airlock-bundle.json (an unfinished copy?)\n`);
  });

  it('takes no arguments', () => {
    const r = airlock(['media', 'ls', 'extra'], env);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^airlock: too many arguments/);
  });
});
