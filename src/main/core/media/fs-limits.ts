// What a medium's filesystem cannot hold, said before a copy fails halfway. A
// binary cache is plain files, so the size limit is what bites in practice: a
// NAR of a CUDA or LLVM closure can be larger than FAT32's 4 GiB.
import { formatBytes } from '../../../shared/format';
import { fsDisplayName, fsFamily, type FsFamily } from './fs-family';

export interface FsLimits {
  readonly family: FsFamily;
  readonly name: string;
  /** The largest file it can store, or null when there is no limit that matters (or it is unknown). */
  readonly maxFileBytes: number | null;
  /** null: unknown filesystem, nothing is claimed. */
  readonly symlinks: boolean | null;
  readonly permissions: boolean | null;
}

/** FAT32 stores a file's size in 32 bits. */
export const FAT_MAX_FILE_BYTES = 2 ** 32 - 1;

export function fsLimits(fsType: string | null): FsLimits {
  const family = fsFamily(fsType);
  const name = fsDisplayName(fsType);
  switch (family) {
    case 'fat':
      return { family, name, maxFileBytes: FAT_MAX_FILE_BYTES, symlinks: false, permissions: false };
    case 'exfat':
      return { family, name, maxFileBytes: null, symlinks: false, permissions: false };
    case 'ntfs':
      // Through ntfs-3g or ntfs3 symlinks become reparse points, but owners and modes are not kept.
      return { family, name, maxFileBytes: null, symlinks: true, permissions: false };
    case 'unix':
      return { family, name, maxFileBytes: null, symlinks: true, permissions: true };
    case 'unknown':
      return { family, name, maxFileBytes: null, symlinks: null, permissions: null };
  }
}

/** One line for a listing, e.g. "FAT32: no file over 4 GiB, no symbolic links, no Unix permissions". */
export function describeLimits(fsType: string | null): string | null {
  const limits = fsLimits(fsType);
  const missing = [
    limits.maxFileBytes === FAT_MAX_FILE_BYTES ? 'no file over 4 GiB' : null,
    limits.symlinks === false ? 'no symbolic links' : null,
    limits.permissions === false ? 'no Unix permissions' : null,
  ].filter((s): s is string => s !== null);
  return missing.length === 0 ? null : `${limits.name}: ${missing.join(', ')}`;
}

export interface MediumNeeds {
  /** Size of the largest file to be stored (the largest NAR), in bytes. */
  readonly largestFile?: number;
  readonly needsSymlinks?: boolean;
  readonly needsPermissions?: boolean;
}

/**
 * The reasons this filesystem cannot take the copy, in words an operator acts
 * on; empty when it fits or when the filesystem is unknown (then only
 * probeWritable and the copy itself can tell).
 */
export function checkFitsOnMedium(fsType: string | null, needs: MediumNeeds): readonly string[] {
  const limits = fsLimits(fsType);
  const stick = `this stick is ${limits.name}`;
  const problems: string[] = [];
  if (limits.maxFileBytes !== null && needs.largestFile !== undefined && needs.largestFile > limits.maxFileBytes) {
    const max = limits.maxFileBytes === FAT_MAX_FILE_BYTES ? '4 GiB' : formatBytes(limits.maxFileBytes);
    problems.push(
      `${stick}: a file over ${max} cannot be stored on it (the largest NAR is ${formatBytes(needs.largestFile)}); reformat it as exFAT or ext4`,
    );
  }
  if (needs.needsSymlinks && limits.symlinks === false) {
    problems.push(`${stick}: it cannot hold symbolic links, which this copy needs; reformat it as ext4`);
  }
  if (needs.needsPermissions && limits.permissions === false) {
    problems.push(`${stick}: it does not keep Unix permissions (owners, executable bits), which this copy needs; reformat it as ext4`);
  }
  return problems;
}
