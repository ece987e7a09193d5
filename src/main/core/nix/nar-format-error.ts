// What the NAR reader refuses, and why, in words that quote the NAR safely.
import { quoteUntrusted } from '../../../shared/untrusted-text';

export class NarFormatError extends Error {
  constructor(
    readonly problem: string,
    readonly offset: number,
    readonly entryPath: string,
  ) {
    super(`malformed NAR at byte ${offset}${entryPath ? ` (in ${quoteUntrusted(entryPath)})` : ''}: ${problem}`);
    this.name = 'NarFormatError';
  }
}

const SLASH = 0x2f;

/** Why a directory entry's name is not one `nix-store --dump` could write, or undefined. */
export function entryNameProblem(name: Buffer): string | undefined {
  if (name.length === 0) return 'an entry name is empty';
  const text = name.toString('utf8');
  if (text === '.' || text === '..') return `an entry is named '${text}'`;
  if (name.includes(SLASH)) return `entry name ${quoteUntrusted(name)} contains '/'`;
  if (name.includes(0)) return `entry name ${quoteUntrusted(name)} contains a NUL byte`;
  return undefined;
}

export function joinEntryPath(dir: Buffer, name: Buffer): Buffer {
  return dir.length === 0 ? name : Buffer.concat([dir, Buffer.of(SLASH), name]);
}
