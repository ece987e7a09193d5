// Bundles for tests: a valid bundle sealed by Airlock from real Nix-built store
// paths, then copies of it each broken in exactly one way (a manifest edited
// and re-signed, a narinfo rewritten, a NAR damaged, a link planted), and a
// snapshot of a folder to prove that verification wrote nothing.
import { createHash } from 'node:crypto';
import { cpSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createBundle, type CreateBundleOptions } from '../../src/main/core/bundle/create-bundle';
import { formatManifest, parseManifest, type Manifest } from '../../src/main/core/bundle/manifest';
import type { SiteFloor, SiteTrust } from '../../src/main/core/bundle/site-trust';
import { createCompressor } from '../../src/main/core/nix/compression';
import { formatHash, Sha256Counter } from '../../src/main/core/nix/hash';
import { formatNarInfo, parseNarInfo, type NarInfo } from '../../src/main/core/nix/narinfo';
import { signNarInfo } from '../../src/main/core/nix/narinfo-signature';
import { encodeNix32 } from '../../src/main/core/nix/nix32';
import { generateSecretKey, signDetached, toPublicKey, type SecretKey } from '../../src/main/core/nix/signing';
import { parseStorePath } from '../../src/main/core/nix/store-path';
import { buildLinkedPaths, type LinkedPaths } from './nix-binary-cache';

export const SITE = 'accel-ctl';
export const SEQUENCE = 10;
export const CREATED = new Date('2026-11-20T10:00:00Z');
export const EXPIRES = '2027-02-18T00:00:00Z';
/** A moment between CREATED and EXPIRES. */
export const NOW = new Date('2026-11-21T09:00:00Z');

export interface ForgeKeys {
  /** Signs the manifest and every narinfo of the valid bundle. */
  readonly k1: SecretKey;
  /** A second trusted bundle key that did not sign. */
  readonly k2: SecretKey;
  /** A key the site does not know. */
  readonly stranger: SecretKey;
}

export function forgeKeys(): ForgeKeys {
  return { k1: generateSecretKey('accel-build-1'), k2: generateSecretKey('accel-build-2'), stranger: generateSecretKey('stranger-1') };
}

/** The site that the valid bundle is for: k1 trusted for manifests and narinfos, threshold 1, nothing accepted yet. */
export function siteOf(keys: ForgeKeys, threshold = 1): { trust: SiteTrust; floor: SiteFloor } {
  return {
    trust: { site: SITE, bundleKeys: [toPublicKey(keys.k1), toPublicKey(keys.k2)], threshold, nixKeys: [toPublicKey(keys.k1)] },
    floor: { sequence: 0 },
  };
}

export interface ValidBundle {
  readonly dir: string;
  readonly keys: ForgeKeys;
  readonly paths: LinkedPaths;
}

/** Seals `top` (which references mid and leaf) from the local store, signed by k1. */
export async function sealValidBundle(parent: string, keys: ForgeKeys, extra: Partial<CreateBundleOptions> = {}): Promise<ValidBundle> {
  const paths = buildLinkedPaths();
  const dir = join(mkdtempSync(join(parent, 'valid-')), 'bundle');
  await createBundle({
    out: dir,
    site: SITE,
    sequence: SEQUENCE,
    keys: [keys.k1],
    systems: [{ host: 'plc1', toplevel: paths.top, action: 'switch' }],
    source: { kind: 'store' },
    expires: EXPIRES,
    now: CREATED,
    ...extra,
  });
  return { dir, keys, paths };
}

/** A fresh copy of a bundle to break. */
export function copyBundle(src: string, parent: string, label: string): string {
  const dir = join(mkdtempSync(join(parent, `${label.replace(/[^a-z0-9]+/gi, '-').slice(0, 40)}-`)), 'bundle');
  cpSync(src, dir, { recursive: true, verbatimSymlinks: true });
  return dir;
}

export const manifestFile = (dir: string): string => join(dir, 'airlock-bundle.json');
export const sigFile = (dir: string): string => join(dir, 'airlock-bundle.json.sig');
export const readManifest = (dir: string): Manifest => parseManifest(readFileSync(manifestFile(dir)));

/** Rewrites the manifest as `edit` makes it and signs the new bytes with `signers` (a fresh .sig). */
export function rewriteManifest(dir: string, edit: (m: Manifest) => Manifest, signers: readonly SecretKey[]): void {
  const bytes = formatManifest(edit(readManifest(dir)));
  writeFileSync(manifestFile(dir), bytes);
  writeFileSync(sigFile(dir), signers.map((k) => `${signDetached(k, bytes)}\n`).join(''));
}

export function narInfoFile(dir: string, storePath: string): string {
  return join(dir, 'cache', `${parseStorePath(storePath).hashPart}.narinfo`);
}

export function readNarInfo(dir: string, storePath: string): NarInfo {
  return parseNarInfo(readFileSync(narInfoFile(dir, storePath), 'utf8'));
}

/** Rewrites a narinfo; with `resign`, its Sig lines are replaced by signatures of those keys. */
export function rewriteNarInfo(dir: string, storePath: string, edit: (info: NarInfo) => NarInfo, resign?: readonly SecretKey[]): void {
  let info = edit(readNarInfo(dir, storePath));
  if (resign) {
    info = { ...info, sigs: [] };
    for (const k of resign) info = signNarInfo(info, k);
  }
  writeFileSync(narInfoFile(dir, storePath), formatNarInfo(info));
}

export function narFileOf(dir: string, storePath: string): string {
  return join(dir, 'cache', readNarInfo(dir, storePath).url);
}

/**
 * Puts `nar` (any bytes, canonical or not) in the bundle as the NAR of
 * `storePath`, zstd-compressed, with narinfo (re-signed by `key`) and manifest
 * (re-signed by `key`) describing it truthfully: only what the bytes are can be wrong.
 */
export async function replaceNar(dir: string, storePath: string, nar: Buffer, key: SecretKey): Promise<void> {
  const chunks: Buffer[] = [];
  await pipeline(Readable.from([nar]), createCompressor('zstd', { threads: 1 }), async (source: AsyncIterable<Buffer>) => {
    for await (const c of source) chunks.push(c);
  });
  const file = Buffer.concat(chunks);
  const fileHash = { algorithm: 'sha256' as const, digest: createHash('sha256').update(file).digest() };
  const narCounter = new Sha256Counter();
  narCounter.update(nar);
  const { hash: narHash, size: narSize } = narCounter.finish();
  const url = `nar/${encodeNix32(fileHash.digest)}.nar.zst`;
  writeFileSync(join(dir, 'cache', url), file);
  rewriteNarInfo(dir, storePath, (i) => ({ ...i, url, compression: 'zstd', fileHash, fileSize: file.length, narHash, narSize }), [key]);
  rewriteManifest(
    dir,
    (m) => ({ ...m, paths: m.paths.map((p) => (p.path === storePath ? { ...p, narHash: formatHash(narHash), narSize } : p)) }),
    [key],
  );
}

/** Every entry under `dir` (links not followed): type, mode, size, mtime, and contents or link target. */
export function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (path: string): void => {
    const st = lstatSync(path);
    const head = `${st.mode.toString(8)} ${st.size} ${st.mtimeMs}`;
    const rel = relative(dir, path) || '.';
    if (st.isSymbolicLink()) out.set(rel, `link ${head} -> ${readlinkSync(path)}`);
    else if (st.isDirectory()) {
      out.set(rel, `dir ${st.mode.toString(8)} ${readdirSync(path).sort().join('/')}`);
      for (const name of readdirSync(path)) walk(join(path, name));
    } else out.set(rel, `file ${head} ${createHash('sha256').update(readFileSync(path)).digest('hex')}`);
  };
  walk(dir);
  return out;
}
