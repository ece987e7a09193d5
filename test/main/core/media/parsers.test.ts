// The parsers of what each platform's tools print, on recorded output: a Linux
// laptop with a USB stick and a USB disk, an old util-linux, Get-Volume, macOS mount.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseLsblk } from '../../../../src/main/core/media/lsblk';
import { coveringMount, parseFindmnt } from '../../../../src/main/core/media/findmnt';
import { parseGetVolume } from '../../../../src/main/core/media/windows-volumes';
import { parseDarwinMount } from '../../../../src/main/core/media/darwin-volumes';

const fixture = (name: string): string => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');

describe('parseLsblk', () => {
  it('lists mounted devices and marks a partition removable when its disk is (RM, HOTPLUG or TRAN=usb)', () => {
    const mounts = parseLsblk(fixture('lsblk-laptop.json'));
    expect(mounts.map((m) => [m.mountPoint, m.removable])).toEqual([
      ['/boot/efi', false],
      ['/', false],
      ['/media/op/AIRLOCK', true],
      ['/run/media/op/backup', true],
    ]);
    expect(mounts[2]).toEqual({
      device: '/dev/sdb1',
      mountPoint: '/media/op/AIRLOCK',
      label: 'AIRLOCK',
      fsType: 'exfat',
      sizeBytes: 31003246592,
      removable: true,
    });
  });

  it('reads util-linux before 2.37: strings for flags and sizes, MOUNTPOINT, no PATH', () => {
    expect(parseLsblk(fixture('lsblk-legacy.json'))).toEqual([
      { device: '/dev/sda1', mountPoint: '/', label: null, fsType: 'ext4', sizeBytes: 250058301440, removable: false },
      { device: '/dev/sdb1', mountPoint: '/media/usb0', label: 'STICK', fsType: 'vfat', sizeBytes: 8052015104, removable: true },
    ]);
  });

  it('throws on output that is not lsblk JSON, so the caller can fall back', () => {
    expect(() => parseLsblk('lsblk: unknown column: MOUNTPOINTS')).toThrow();
    expect(() => parseLsblk('{}')).toThrow(/blockdevices/);
  });
});

describe('parseFindmnt and coveringMount', () => {
  const table = parseFindmnt(fixture('findmnt-laptop.json'));

  it('names the mount a folder lives on: the deepest one', () => {
    expect(coveringMount('/media/op/AIRLOCK/airlock/cache', table)?.source).toBe('/dev/sdb1');
    expect(coveringMount('/media/op/AIRLOCK', table)?.fsType).toBe('exfat');
    expect(coveringMount('/media/op/AIRLOCKED', table)?.target).toBe('/');
    expect(coveringMount('/mnt/nas/sub/x', table)?.target).toBe('/mnt/nas/sub');
    expect(coveringMount('/srv/x', table)?.target).toBe('/');
  });

  it('keeps labels and leaves null for none', () => {
    expect(table.find((m) => m.target === '/media/op/AIRLOCK')?.label).toBe('AIRLOCK');
    expect(table.find((m) => m.target === '/')?.label).toBeNull();
  });
});

describe('parseGetVolume', () => {
  it('reads drive letter, label, filesystem and removability (2 or "Removable")', () => {
    const volumes = parseGetVolume(fixture('get-volume.json'));
    expect(volumes.map((v) => [v.driveLetter, v.removable, v.fileSystem, v.label])).toEqual([
      ['C', false, 'NTFS', 'Windows'],
      ['E', true, 'FAT32', 'AIRLOCK'],
      ['F', true, 'exFAT', null],
      ['D', false, null, null],
    ]);
  });

  it('accepts the single object ConvertTo-Json prints for one volume, a char code, and empty output', () => {
    expect(parseGetVolume('{"DriveLetter":69,"FileSystemLabel":"S","FileSystem":"FAT32","DriveType":2,"Size":8}')).toEqual([
      { driveLetter: 'E', label: 'S', fileSystem: 'FAT32', removable: true, sizeBytes: 8 },
    ]);
    expect(parseGetVolume('  \r\n')).toEqual([]);
  });
});

describe('parseDarwinMount', () => {
  it('reads source, mount point (spaces included), type and flags', () => {
    const mounts = parseDarwinMount(fixture('macos-mount.txt'));
    expect(mounts).toHaveLength(8);
    expect(mounts.find((m) => m.mountPoint === '/Volumes/Stick Two')).toEqual({
      source: '/dev/disk5s1',
      mountPoint: '/Volumes/Stick Two',
      fsType: 'exfat',
      flags: ['local', 'nodev', 'nosuid', 'noowners'],
    });
    expect(mounts.find((m) => m.mountPoint === '/Volumes/share')?.flags).not.toContain('local');
  });
});
