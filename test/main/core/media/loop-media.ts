// Real filesystems on loop-mounted images, as a stick would carry them: ext4
// through the kernel, FAT32 through fusefat, exFAT through exfat-fuse (this
// kernel has neither vfat nor exfat). Every mount and loop device made is
// undone in afterAll, even when setup failed halfway.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach } from 'vitest';

export type LoopFs = 'ext4' | 'fat32' | 'exfat';

export interface LoopMedium {
  readonly fs: LoopFs;
  readonly label: string;
  readonly image: string;
  readonly mountPoint: string;
  readonly imageBytes: number;
}

const TOOLS: Record<LoopFs, readonly string[]> = {
  ext4: ['mkfs.ext4', 'mount', 'umount'],
  fat32: ['mkfs.vfat', 'fusefat', 'umount'],
  exfat: ['mkfs.exfat', 'mount.exfat-fuse', 'losetup', 'umount'],
};
const PACKAGES = 'apt-get install -y exfat-fuse exfatprogs fusefat dosfstools';

function sh(file: string, args: readonly string[]): string {
  try {
    return execFileSync(file, [...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`${file} ${args.join(' ')} failed: ${e.stderr?.trim() || e.message}`, { cause: err });
  }
}

function hasTool(name: string): boolean {
  return ['/usr/sbin', '/usr/bin', '/sbin', '/bin'].some((dir) => existsSync(join(dir, name)));
}

/** Refuses (throws) instead of skipping: a test that quietly skips proves nothing. */
export function requireLoopMounting(kinds: readonly LoopFs[]): void {
  if (process.getuid?.() !== 0) throw new Error('these tests mount loop images and must run as root');
  if (kinds.some((k) => k !== 'ext4') && !existsSync('/dev/fuse')) {
    throw new Error(
      'FUSE is not available (/dev/fuse is missing): FAT32 and exFAT media cannot be mounted here, so these tests cannot run',
    );
  }
  const missing = kinds.flatMap((k) => TOOLS[k]).filter((t) => !hasTool(t));
  if (missing.length > 0) throw new Error(`missing ${[...new Set(missing)].join(', ')}; install them with: ${PACKAGES}`);
}

function isMounted(dir: string): boolean {
  // mountinfo escapes spaces as \040; our folders have none.
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .some((l) => l.split(' ')[4] === dir);
}

export class LoopMedia {
  private readonly undo: (() => void)[] = [];
  constructor(private readonly dir: string) {}

  make(fs: LoopFs, label: string, options: { readonly sizeMiB?: number; readonly readOnly?: boolean } = {}): LoopMedium {
    const imageBytes = (options.sizeMiB ?? 64) * 1024 * 1024;
    const image = join(this.dir, `${label}.img`);
    const mountPoint = join(this.dir, label);
    mkdirSync(mountPoint);
    writeFileSync(image, '');
    truncateSync(image, imageBytes);
    if (fs === 'ext4') sh('mkfs.ext4', ['-q', '-F', '-L', label, image]);
    if (fs === 'fat32') sh('mkfs.vfat', ['-F', '32', '-n', label, image]);
    if (fs === 'exfat') sh('mkfs.exfat', ['-L', label, image]);
    if (fs === 'exfat') {
      const device = sh('losetup', ['-f', '--show', image]).trim();
      this.undo.push(() => sh('losetup', ['-d', device]));
      this.mount(mountPoint, () => sh('mount.exfat-fuse', [device, mountPoint]));
    } else if (fs === 'fat32') {
      this.mount(mountPoint, () => sh('fusefat', ['-o', 'rw+', image, mountPoint]));
    } else {
      this.undo.push(() => this.detachLoops(image));
      this.mount(mountPoint, () => sh('mount', ['-o', options.readOnly ? 'loop,ro' : 'loop', image, mountPoint]));
    }
    if (!isMounted(mountPoint)) throw new Error(`${fs} image ${image} did not appear mounted at ${mountPoint}`);
    return { fs, label, image, mountPoint, imageBytes };
  }

  private mount(mountPoint: string, doMount: () => void): void {
    this.undo.push(() => {
      if (!isMounted(mountPoint)) return;
      try {
        sh('umount', [mountPoint]);
      } catch {
        sh('umount', ['-l', mountPoint]);
      }
    });
    doMount();
  }

  private detachLoops(image: string): void {
    // `mount -o loop` frees its device on umount (autoclear); this catches any left behind.
    for (const line of sh('losetup', ['-j', image]).split('\n')) {
      const device = line.split(':')[0];
      if (device) sh('losetup', ['-d', device]);
    }
  }

  /** Undoes everything, newest first; reports what could not be undone after trying all. */
  cleanup(): void {
    const failures: string[] = [];
    for (const step of this.undo.reverse()) {
      try {
        step();
      } catch (err) {
        failures.push((err as Error).message);
      }
    }
    this.undo.length = 0;
    if (failures.length === 0) rmSync(this.dir, { recursive: true, force: true });
    if (failures.length > 0) throw new Error(`cleanup left something behind:\n${failures.join('\n')}`);
  }
}

/** A set of loop media for one test file, cleaned up in afterAll. */
export function useLoopMedia(): LoopMedia {
  // Not tempDir(): its own afterAll must never run rm -rf over a folder that is still mounted.
  const media = new LoopMedia(mkdtempSync(join(tmpdir(), 'airlock-media-')));
  afterAll(() => media.cleanup());
  return media;
}

/**
 * Setup that must not turn into skipped tests: when it fails (no FUSE, not
 * root, a tool missing), every test of the file fails with that reason.
 */
export function setupOrFailEach(setup: () => void | Promise<void>): void {
  let failure: unknown;
  beforeAll(async () => {
    try {
      await setup();
    } catch (err) {
      failure = err;
    }
  });
  beforeEach(() => {
    if (failure !== undefined) throw failure;
  });
}
