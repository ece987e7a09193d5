// Store paths: `/nix/store/<32 nix32 chars>-<name>`.
import { isNix32 } from './nix32';

export const STORE_DIR = '/nix/store';
const NAME_RE = /^[A-Za-z0-9+\-._?=]+$/;
const MAX_NAME = 211;

export interface StorePath {
  readonly hashPart: string;
  readonly name: string;
}

/**
 * Why `name` is not a valid store path name, or undefined when it is.
 *
 * Nix's current rule, NixOS/nix src/libstore/path.cc `checkName` (commit
 * f1b4663805a9, "Disallow store path names that are . or .. (plus opt. -)",
 * Nix 2.21 and later): not empty, at most 211 characters, only
 * A-Z a-z 0-9 + - . _ ? =, and not `.` or `..`, alone or as the first
 * dash-separated component (`.-x`, `..-x`), so that a name can never be read
 * as the current or parent folder. Any other leading dot is allowed: real
 * closures hold `.envrc`, `.gitignore` or `...` (sources taken from
 * `./.envrc`). Nix 2.8 accepts even `.` and `..`; refusing those four forms
 * is the stricter of the two, and any Nix reads what passes here.
 */
function nameProblem(name: string): string | undefined {
  if (name.length === 0) return 'the name is empty';
  if (name.length > MAX_NAME) return `the name is longer than ${MAX_NAME} characters`;
  if (name === '.' || name === '..') return `the name is '${name}', which Nix refuses (it reads as a folder)`;
  if (name.startsWith('.-') || name.startsWith('..-')) {
    return `the name starts with '${name.startsWith('.-') ? '.-' : '..-'}', which Nix refuses ('.' and '..' must not be its first dash-separated part)`;
  }
  if (!NAME_RE.test(name)) return 'the name has a character outside A-Z a-z 0-9 + - . _ ? =';
  return undefined;
}

/** Parses a base name such as `abc…-hello-2.12` (as in a narinfo's References). */
export function parseStorePathBaseName(baseName: string): StorePath {
  const hashPart = baseName.slice(0, 32);
  if (baseName.length < 34 || baseName[32] !== '-' || !isNix32(hashPart)) {
    throw new Error(`'${baseName}' is not a store path name (32 nix32 characters, '-', a name)`);
  }
  const name = baseName.slice(33);
  const problem = nameProblem(name);
  if (problem) throw new Error(`'${baseName}' is not a valid store path: ${problem}`);
  return { hashPart, name };
}

/** Parses a full store path such as `/nix/store/abc…-hello-2.12`. */
export function parseStorePath(path: string): StorePath {
  const prefix = `${STORE_DIR}/`;
  if (!path.startsWith(prefix)) throw new Error(`'${path}' is not in ${STORE_DIR}`);
  return parseStorePathBaseName(path.slice(prefix.length));
}

export function isStorePath(path: string): boolean {
  try {
    parseStorePath(path);
    return true;
  } catch {
    return false;
  }
}

export function storePathBaseName(p: StorePath): string {
  return `${p.hashPart}-${p.name}`;
}

export function printStorePath(p: StorePath): string {
  return `${STORE_DIR}/${storePathBaseName(p)}`;
}
