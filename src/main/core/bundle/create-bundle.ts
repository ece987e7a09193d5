// `airlock bundle create` (cli.md, bundle-format.md): the closure of each
// system's toplevel, from the local Nix store or a binary cache folder, written
// as a bundle folder: NAR files, narinfos signed with every key, nix-cache-info,
// the manifest and its signatures. With a base (an offline cache that the
// receiving site already has), paths it holds alike are left out: a delta
// bundle, whose manifest still lists the whole closure.
import { join } from 'node:path';
import type { WritableCompression } from '../nix/compression';
import { parseHash } from '../nix/hash';
import { formatNarInfo, type NarInfo } from '../nix/narinfo';
import { signNarInfo } from '../nix/narinfo-signature';
import { signDetached, type SecretKey } from '../nix/signing';
import { parseStorePath, parseStorePathBaseName } from '../nix/store-path';
import { MANIFEST_FILE, NIX_CACHE_INFO, NIX_CACHE_INFO_FILE, SIGNATURES_FILE, narInfoFileName } from './bundle-layout';
import { prepareBundleOutput } from './bundle-output';
import { writeFileDurably, writeFilesDurably } from '../files/durable-write';
import type { WrittenNar } from './bundle-nar-writer';
import { carryFromCache, carryFromStore, type CarryProgressListener } from './carry-nars';
import { byStorePath, manifestPathOf, type ClosureEntry } from './closure-entry';
import { closureFromCache, type CachedClosureEntry } from './closure-from-cache';
import { closureFromStore, type CommandRunner } from './closure-from-store';
import { formatManifest, parseManifest, type Manifest, type ManifestProfile, type ManifestSystem } from './manifest';
import { MANIFEST_FORMAT, MANIFEST_FORMAT_2 } from './manifest-schema';
import { buildClosureFromStore } from './build-closure-from-store';
import { NarInfoCacheLookup } from './narinfo-cache-lookup';
import { pathsHeldAlike } from './held-paths';
import { BundleRefusal } from './refusal';
import { formatRfc3339, parseRfc3339, UTC_ONLY } from '../../../shared/rfc3339';

export type BundleSource = { readonly kind: 'store'; readonly run?: CommandRunner } | { readonly kind: 'cache'; readonly dir: string };

export interface CreateBundleOptions {
  readonly out: string;
  readonly site: string;
  readonly sequence: number;
  /** Every key signs the manifest and every narinfo. */
  readonly keys: readonly SecretKey[];
  readonly systems: readonly ManifestSystem[];
  /** Nix profiles of hosts (format 2); a bundle may carry systems, profiles or both. */
  readonly profiles?: readonly ManifestProfile[];
  readonly source: BundleSource;
  /** Also carry what rebuilds each system offline (its derivation's closure), listed in `buildClosure`; from the store only. */
  readonly withBuildClosure?: boolean;
  /** From the store only (a cache's files are copied as they are); default zstd. */
  readonly compression?: WritableCompression;
  /** An offline cache root (holding `cache/`): paths it already holds alike are left out. */
  readonly base?: string;
  readonly expires?: string;
  readonly description?: string;
  /** The `created` time; default now. */
  readonly now?: Date;
  readonly onProgress?: CarryProgressListener;
  readonly signal?: AbortSignal;
}

export interface CreatedBundle {
  readonly dir: string;
  readonly manifest: Manifest;
  readonly manifestBytes: Buffer;
  /** Store paths whose NARs the bundle carries. */
  readonly carried: readonly string[];
  /** Store paths left out because the base holds them. */
  readonly leftOut: readonly string[];
  /** Bytes of NAR files written. */
  readonly fileBytes: number;
}

function checkKeys(keys: readonly SecretKey[]): void {
  if (keys.length === 0) throw new Error('a bundle needs at least one signing key');
  const names = keys.map((k) => k.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new Error(`two signing keys are named '${twice}'; a key name signs a manifest once`);
}

/** The manifest, checked by the very rules a receiving site applies (rule 1), before any NAR is written. */
function sealManifest(
  options: CreateBundleOptions,
  closure: readonly ClosureEntry[],
  buildClosure: readonly string[] | undefined,
): { manifest: Manifest; bytes: Buffer } {
  const created = formatRfc3339(options.now ?? new Date());
  if (
    options.expires !== undefined &&
    (parseRfc3339(options.expires, UTC_ONLY) ?? Infinity) <= (parseRfc3339(created, UTC_ONLY) as number)
  ) {
    throw new Error(`--expires ${options.expires} is not after the bundle's creation time ${created}: it would be expired at once`);
  }
  const profiles = options.profiles ?? [];
  const draft: Manifest = {
    // Format 1 whenever the bundle needs nothing of format 2 (bundle-format.md).
    format: profiles.length > 0 || buildClosure ? MANIFEST_FORMAT_2 : MANIFEST_FORMAT,
    site: options.site,
    sequence: options.sequence,
    created,
    ...(options.expires !== undefined ? { expires: options.expires } : {}),
    ...(options.description !== undefined ? { description: options.description } : {}),
    systems: options.systems,
    ...(profiles.length > 0 ? { profiles } : {}),
    paths: closure.map(manifestPathOf),
    ...(buildClosure ? { buildClosure } : {}),
  };
  const bytes = formatManifest(draft);
  try {
    return { manifest: parseManifest(bytes), bytes };
  } catch (err) {
    if (err instanceof BundleRefusal) throw new Error(`this bundle would be invalid: ${err.reason}`, { cause: err });
    throw err;
  }
}

function narInfoOf(entry: ClosureEntry, nar: WrittenNar, keys: readonly SecretKey[]): string {
  let info: NarInfo = {
    storePath: parseStorePath(entry.path),
    url: nar.url,
    compression: nar.compression,
    fileHash: nar.fileHash,
    fileSize: nar.fileSize,
    narHash: parseHash(entry.narHash),
    narSize: entry.narSize,
    references: entry.references.map(parseStorePathBaseName),
    ...(entry.deriver ? { deriver: parseStorePathBaseName(entry.deriver) } : {}),
    ...(entry.ca ? { ca: entry.ca } : {}),
    sigs: [],
    unknownFields: [],
  };
  for (const key of keys) info = signNarInfo(info, key);
  return formatNarInfo(info);
}

/** One entry per path of either closure, sorted by path (a source may be needed at run time and to build). */
function mergeClosures(a: readonly ClosureEntry[], b: readonly ClosureEntry[]): ClosureEntry[] {
  const byPath = new Map(a.map((e) => [e.path, e]));
  for (const e of b) if (!byPath.has(e.path)) byPath.set(e.path, e);
  return [...byPath.values()].sort(byStorePath);
}

export async function createBundle(options: CreateBundleOptions): Promise<CreatedBundle> {
  checkKeys(options.keys);
  const output = await prepareBundleOutput(options.out);
  try {
    const toplevels = [...options.systems.map((s) => s.toplevel), ...(options.profiles ?? []).map((p) => p.target)];
    const { source } = options;
    if (options.withBuildClosure && source.kind !== 'store') throw new Error('a build closure is taken from the local Nix store only');
    const runtime = source.kind === 'store' ? await closureFromStore(toplevels, source.run) : await closureFromCache(source.dir, toplevels);
    const build =
      options.withBuildClosure && source.kind === 'store' ? (await buildClosureFromStore(toplevels, source.run)).entries : undefined;
    const closure = build ? mergeClosures(runtime, build) : runtime;
    const { manifest, bytes } = sealManifest(
      options,
      closure,
      build?.map((e) => e.path),
    );
    // Only a path held exactly alike may be left out: the receiving side checks the same (rule 8).
    const leftOut = options.base === undefined ? new Set<string>() : await pathsHeldAlike(new NarInfoCacheLookup(options.base), closure);
    const carried = closure.filter((e) => !leftOut.has(e.path));
    const nars =
      source.kind === 'store'
        ? await carryFromStore(carried, output.narDir, options.compression ?? 'zstd', {
            onProgress: options.onProgress,
            signal: options.signal,
          })
        : await carryFromCache(carried as CachedClosureEntry[], output.narDir, { onProgress: options.onProgress, signal: options.signal });
    // Each NAR is complete before its narinfo is written; the manifest and its signatures come last.
    await writeFilesDurably(
      carried.map((entry) => ({
        path: join(output.cacheDir, narInfoFileName(parseStorePath(entry.path).hashPart)),
        data: narInfoOf(entry, nars.get(entry.path) as WrittenNar, options.keys),
      })),
    );
    await writeFileDurably(join(output.cacheDir, NIX_CACHE_INFO_FILE), NIX_CACHE_INFO);
    await writeFileDurably(join(output.dir, MANIFEST_FILE), bytes);
    await writeFileDurably(join(output.dir, SIGNATURES_FILE), options.keys.map((k) => `${signDetached(k, bytes)}\n`).join(''));
    return {
      dir: output.dir,
      manifest,
      manifestBytes: bytes,
      carried: carried.map((e) => e.path),
      leftOut: [...leftOut],
      fileBytes: [...nars.values()].reduce((sum, n) => sum + n.fileSize, 0),
    };
  } catch (err) {
    await output.discard();
    throw err;
  }
}
