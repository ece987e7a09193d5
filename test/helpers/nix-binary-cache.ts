// Real Nix binary caches for tests: a few store paths that reference each other,
// copied with `nix copy --to file://…`, signed with `nix store sign`, and read
// back with `nix copy --from` into a fresh chroot store that demands signatures.
import type { ExecFileSyncOptions } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildStorePath, nix } from './real-nix';

// No network here: an empty substituter list stops Nix retrying cache.nixos.org.
const OFFLINE = ['--option', 'substituters', ''] as const;
// Keep Nix's progress lines out of the test output; real-nix.ts still reports stderr on failure.
const QUIET: ExecFileSyncOptions = { stdio: ['ignore', 'pipe', 'pipe'] };

export interface LinkedPaths {
  /** No references; ~290 KB of text, so compression has something to do. */
  readonly leaf: string;
  /** References leaf and itself. */
  readonly mid: string;
  /** References mid and leaf. */
  readonly top: string;
}

let built: LinkedPaths | undefined;

export function buildLinkedPaths(): LinkedPaths {
  if (built) return built;
  const leaf = buildStorePath(
    'airlock-cache-leaf',
    '/bin/mkdir -p $out/bin && /usr/bin/seq 1 50000 > $out/numbers && /bin/echo "#!/bin/sh" > $out/bin/run && /bin/chmod +x $out/bin/run && /bin/ln -s numbers $out/link',
  );
  const mid = buildStorePath('airlock-cache-mid', `/bin/mkdir $out && /bin/echo ${leaf} $out > $out/refs`, [leaf]);
  const top = buildStorePath('airlock-cache-top', `/bin/mkdir $out && /bin/echo ${mid} ${leaf} > $out/refs`, [mid, leaf]);
  built = { leaf, mid, top };
  return built;
}

/** Makes `dir` a binary cache holding `paths` and their closure, written by real Nix. */
export function nixCopyToCache(dir: string, paths: readonly string[], compression: string): string {
  nix(['nix', 'copy', ...OFFLINE, '--to', `file://${dir}?compression=${compression}`, ...paths], QUIET);
  return dir;
}

/** Adds Nix's own signature by the key in `keyFile` to every narinfo for `paths`. */
export function nixSignCache(cacheDir: string, keyFile: string, paths: readonly string[]): void {
  nix(['nix', 'store', 'sign', ...OFFLINE, '--key-file', keyFile, '--store', `file://${cacheDir}`, ...paths], QUIET);
}

/** Every `.narinfo` of a cache: file name → text. */
export function readNarInfoFiles(cacheDir: string): Map<string, string> {
  const files = readdirSync(cacheDir)
    .filter((f) => f.endsWith('.narinfo'))
    .sort();
  return new Map(files.map((f) => [f, readFileSync(join(cacheDir, f), 'utf8')]));
}

/**
 * Copies `paths` from the cache into a chroot store rooted at `root` (a folder
 * that does not exist yet: Nix creates `root/nix/store`) that accepts only paths
 * signed by `trustedPublicKey`. Throws, with Nix's message, when Nix refuses.
 */
export function nixCopyFromCacheRequiringSigs(cacheDir: string, root: string, trustedPublicKey: string, paths: readonly string[]): void {
  nix(
    [
      'nix',
      'copy',
      ...OFFLINE,
      '--option',
      'require-sigs',
      'true',
      '--option',
      'trusted-public-keys',
      trustedPublicKey,
      '--from',
      `file://${cacheDir}`,
      '--to',
      root,
      ...paths,
    ],
    QUIET,
  );
}
