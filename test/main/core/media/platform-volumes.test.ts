// Detection per platform with recorded tool output behind a fake runner (a
// test cannot plug in a USB stick); the real runner is exercised on
// loop-mounted images in real-media.test.ts.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunCommand } from '../../../../src/main/core/media/run-command';
import { findLinuxVolumes } from '../../../../src/main/core/media/linux-volumes';
import { findVolumes, mediaRootsFromEnv } from '../../../../src/main/core/media/find-media';

const fixture = (name: string): string => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');

function recorded(outputs: Readonly<Record<string, string | Error>>): RunCommand & { calls: string[] } {
  const calls: string[] = [];
  const run = async (file: string, args: readonly string[]): Promise<string> => {
    const line = [file, ...args].join(' ');
    calls.push(line);
    // Keyed by the whole command line, or by the tool's name for any arguments.
    const out = outputs[line] ?? outputs[file] ?? new Error(`${file}: not found`);
    if (out instanceof Error) throw out;
    return out;
  };
  return Object.assign(run satisfies RunCommand, { calls });
}

const laptop = { lsblk: fixture('lsblk-laptop.json'), findmnt: fixture('findmnt-laptop.json') };

describe('findLinuxVolumes', () => {
  it('finds USB devices, what is mounted at the usual media roots, and the named roots; nothing else', async () => {
    const sniffed: string[] = [];
    const volumes = await findLinuxVolumes({
      run: recorded(laptop),
      roots: ['/srv/airlock-test'],
      readBootSector: async (device) => {
        sniffed.push(device);
        return 'ntfs';
      },
    });
    expect(volumes.map((v) => [v.mountPoint, v.origin, v.fsType, v.label, v.device])).toEqual([
      ['/srv/airlock-test', 'configured', 'ext4', null, '/dev/sda2'],
      ['/media/op/AIRLOCK', 'removable-device', 'exfat', 'AIRLOCK', '/dev/sdb1'],
      ['/run/media/op/backup', 'removable-device', 'ext4', 'backup', '/dev/sdc1'],
      // fuseblk says nothing of the format: the boot sector does.
      ['/mnt/ventoy', 'mount-root', 'ntfs', null, '/dev/sdd1'],
    ]);
    expect(sniffed).toEqual(['/dev/sdd1']);
  });

  it('falls back to MOUNTPOINT on an lsblk older than 2.37', async () => {
    const run = recorded({
      'lsblk --json --bytes -o NAME,PATH,RM,HOTPLUG,TRAN,TYPE,LABEL,FSTYPE,SIZE,MOUNTPOINT': fixture('lsblk-legacy.json'),
    });
    const volumes = await findLinuxVolumes({ run, roots: [] });
    expect(volumes).toEqual([
      {
        mountPoint: '/media/usb0',
        device: '/dev/sdb1',
        label: 'STICK',
        fsType: 'vfat',
        deviceBytes: 8052015104,
        origin: 'removable-device',
      },
    ]);
    expect(run.calls.filter((c) => c.startsWith('lsblk'))).toHaveLength(2);
  });

  it('leaves out the running system when it was booted from a stick', async () => {
    const live = JSON.stringify({
      blockdevices: [
        {
          name: 'sda',
          path: '/dev/sda',
          rm: true,
          hotplug: true,
          tran: 'usb',
          type: 'disk',
          mountpoints: [null],
          children: [
            {
              name: 'sda1',
              path: '/dev/sda1',
              rm: true,
              type: 'part',
              fstype: 'iso9660',
              label: 'nixos-24.05',
              size: 1,
              mountpoints: ['/iso'],
            },
            { name: 'sda2', path: '/dev/sda2', rm: true, type: 'part', fstype: 'vfat', size: 1, mountpoints: ['/boot/efi'] },
            {
              name: 'sda3',
              path: '/dev/sda3',
              rm: true,
              type: 'part',
              fstype: 'ext4',
              label: 'cache',
              size: 1,
              mountpoints: ['/media/cache'],
            },
          ],
        },
      ],
    });
    const volumes = await findLinuxVolumes({ run: recorded({ lsblk: live }), roots: [] });
    expect(volumes.map((v) => v.mountPoint)).toEqual(['/media/cache']);
  });

  it('still finds mounts at media roots when lsblk is missing', async () => {
    const volumes = await findLinuxVolumes({
      run: recorded({ findmnt: laptop.findmnt }),
      roots: [],
      readBootSector: async () => undefined,
    });
    expect(volumes.map((v) => [v.mountPoint, v.fsType])).toEqual([
      ['/media/op/AIRLOCK', 'exfat'],
      ['/run/media/op/backup', 'ext4'],
      ['/mnt/ventoy', 'fuseblk'],
    ]);
  });
});

describe('findVolumes on other platforms', () => {
  it('Windows: removable drive letters from Get-Volume, plus named roots', async () => {
    const run = recorded({ 'powershell.exe': fixture('get-volume.json') });
    const volumes = await findVolumes({ platform: 'win32', run, roots: ['e:\\airlock-test'] });
    expect(volumes.map((v) => [v.mountPoint, v.origin, v.fsType, v.label])).toEqual([
      ['e:\\airlock-test', 'configured', 'FAT32', 'AIRLOCK'],
      ['E:\\', 'removable-device', 'FAT32', 'AIRLOCK'],
      ['F:\\', 'removable-device', 'exFAT', null],
    ]);
    expect(run.calls[0]).toMatch(/^powershell\.exe -NoProfile -NonInteractive -Command Get-Volume/);
  });

  it('macOS: local volumes under /Volumes, not the boot volume nor network shares', async () => {
    const volumes = await findVolumes({ platform: 'darwin', run: recorded({ mount: fixture('macos-mount.txt') }), roots: [] });
    expect(volumes.map((v) => [v.mountPoint, v.fsType, v.label, v.device])).toEqual([
      ['/Volumes/AIRLOCK', 'msdos', 'AIRLOCK', '/dev/disk4s1'],
      ['/Volumes/Stick Two', 'exfat', 'Stick Two', '/dev/disk5s1'],
    ]);
  });

  it('elsewhere: only the named roots', async () => {
    const volumes = await findVolumes({ platform: 'freebsd', run: recorded({}), roots: ['/mnt/stick'] });
    expect(volumes).toEqual([
      { mountPoint: '/mnt/stick', device: null, label: null, fsType: null, deviceBytes: null, origin: 'configured' },
    ]);
  });

  it('AIRLOCK_MEDIA_ROOTS is a PATH-like list', () => {
    expect(mediaRootsFromEnv({ AIRLOCK_MEDIA_ROOTS: '/a::/b c' }, ':')).toEqual(['/a', '/b c']);
    expect(mediaRootsFromEnv({ AIRLOCK_MEDIA_ROOTS: 'E:\\x;F:\\' }, ';')).toEqual(['E:\\x', 'F:\\']);
    expect(mediaRootsFromEnv({})).toEqual([]);
  });
});
