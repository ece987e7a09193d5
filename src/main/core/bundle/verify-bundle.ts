// Verifies a bundle folder against a site (bundle-format.md, "Verification"),
// rules 1 to 9 in order, and changes nothing: every file is only read. The
// result carries the bytes that were checked (manifest, signatures, narinfos)
// so an import writes exactly those; NAR files are checked again as they are
// copied (checkNarFiles with copyTo), because a file could change in between.
import { join } from 'node:path';
import { CACHE_DIR, MANIFEST_FILE, MAX_MANIFEST_BYTES, MAX_SIGNATURES_BYTES, NAR_DIR, SIGNATURES_FILE } from './bundle-layout';
import { bundleFolder, readBundleFile, requireSameFolder } from './bundle-files';
import { checkCarriedNars, locateNarFiles } from './bundle-nar-files';
import { checkNarInfoSignatures, readBundleNarInfos, type BundleNarInfo } from './bundle-narinfos';
import type { CacheLookup } from './cache-lookup';
import { requireHeld } from './held-paths';
import { manifestSha256, parseManifest, type Manifest, type ManifestPath } from './manifest';
import { evaluateSignatures, parseSignatureLines, requireThreshold } from './manifest-signatures';
import type { NarFileExpectation } from './nar-file-check';
import { BundleUnreadable, refuse } from './refusal';
import { checkCreated, checkExpiry, checkSiteAndSequence } from './site-rules';
import type { SiteFloor, SiteTrust } from './site-trust';
import { MEDIUM_GONE_CODES } from '../files/medium-gone';
import { statIfExists } from '../files/stat-if-exists';

export interface VerifyProgress {
  readonly bytes: number;
  readonly files: number;
  readonly totalBytes: number;
  readonly totalFiles: number;
}

export interface VerifyOptions {
  readonly trust: SiteTrust;
  readonly floor: SiteFloor;
  readonly now: Date;
  /** The receiving offline cache, for paths a delta bundle leaves out (rule 8); without it every path must be carried. */
  readonly cache?: CacheLookup;
  readonly onProgress?: (p: VerifyProgress) => void;
  readonly signal?: AbortSignal;
  /**
   * For an import: where to write the NAR of a carried path as it is checked
   * (the very bytes hashed; rule 9), or undefined to only check it. Without
   * this option verification writes nothing at all.
   */
  readonly copyTo?: (carried: CarriedPath) => Promise<string | undefined> | string | undefined;
  /**
   * For a resumed import: true for a carried NAR that an earlier, interrupted
   * run of it already checked against this very narinfo and copied (see
   * import-resume.ts). Rule 7 is then met by that recorded check and the NAR
   * is not read again; its file must still be present in the bundle.
   */
  readonly alreadyChecked?: (carried: CarriedPath) => Promise<boolean> | boolean;
}

export interface CarriedPath {
  readonly entry: ManifestPath;
  readonly narInfo: BundleNarInfo['narInfo'];
  /** The narinfo as read and checked. */
  readonly narInfoBytes: Buffer;
  readonly narInfoFile: string;
  readonly narFile: string;
  readonly expected: NarFileExpectation;
}

export interface VerifiedBundle {
  readonly dir: string;
  readonly manifest: Manifest;
  readonly manifestBytes: Buffer;
  /** Hex, as SiteFloor.manifestSha256. */
  readonly manifestSha256: string;
  readonly signatureBytes: Buffer;
  /** Trusted bundle keys whose valid signatures were counted (rule 2). */
  readonly signers: readonly string[];
  /** Signers the site does not know: ignored, reported. */
  readonly unknownSigners: readonly string[];
  readonly carried: readonly CarriedPath[];
  /** Store paths the bundle leaves out because the receiving cache holds them. */
  readonly held: readonly string[];
}

export async function verifyBundle(dir: string, options: VerifyOptions): Promise<VerifiedBundle> {
  const { trust, floor } = options;
  // A stick that fails here is unreadable, not "not a bundle": the operator reinserts it and tries again.
  const top = await statIfExists(dir).catch((err: NodeJS.ErrnoException) => {
    throw err.code && MEDIUM_GONE_CODES.has(err.code) ? new BundleUnreadable(dir, err.code) : err;
  });
  if (!top?.isDirectory()) refuse(1, `${dir} is not a bundle folder (it is not a folder)`);

  const manifestBytes = await readBundleFile(join(dir, MANIFEST_FILE), MANIFEST_FILE, { maxBytes: MAX_MANIFEST_BYTES, rule: 1 });
  const manifest = parseManifest(manifestBytes); // rule 1

  const signatureBytes = await readBundleFile(join(dir, SIGNATURES_FILE), SIGNATURES_FILE, { maxBytes: MAX_SIGNATURES_BYTES, rule: 2 });
  let signatureText: string;
  try {
    signatureText = new TextDecoder('utf-8', { fatal: true }).decode(signatureBytes);
  } catch (err) {
    return refuse(2, `${SIGNATURES_FILE} is not text`, err);
  }
  const signatures = evaluateSignatures(manifestBytes, parseSignatureLines(signatureText), trust.bundleKeys);
  requireThreshold(signatures, trust); // rule 2

  const sha256 = manifestSha256(manifestBytes);
  checkSiteAndSequence(manifest, sha256, trust, floor); // rule 3
  checkCreated(manifest, options.now); // rule 4
  checkExpiry(manifest, floor, options.now); // rule 4

  const cacheDir = join(dir, CACHE_DIR);
  const narDir = join(cacheDir, NAR_DIR);
  const cacheFolder = await bundleFolder(cacheDir, `${CACHE_DIR}/`, 5);
  const narFolder = cacheFolder ? await bundleFolder(narDir, `${CACHE_DIR}/${NAR_DIR}/`, 7) : undefined;
  const narInfos = cacheFolder ? await readBundleNarInfos(cacheDir, manifest) : []; // rule 5
  checkNarInfoSignatures(narInfos, trust.nixKeys); // rule 6

  const nars = await locateNarFiles(cacheDir, narInfos); // rule 7
  const carried: CarriedPath[] = narInfos.map((n, i) => {
    const nar = nars[i] as (typeof nars)[number];
    return { entry: n.entry, narInfo: n.narInfo, narInfoBytes: n.bytes, narInfoFile: n.file, narFile: nar.file, expected: nar.expected };
  });
  const { copyTo, alreadyChecked } = options;
  const skip = await Promise.all(carried.map(async (c) => (alreadyChecked ? await alreadyChecked(c) : false)));
  const toRead = carried.filter((_, i) => !skip[i]);
  const narsToRead = nars.filter((_, i) => !skip[i]);
  const totalBytes = narsToRead.reduce((sum, n) => sum + n.size, 0);
  await checkCarriedNars(narsToRead, {
    signal: options.signal,
    onProgress: (p) => options.onProgress?.({ ...p, totalBytes, totalFiles: narsToRead.length }),
    ...(copyTo ? { copyTo: await Promise.all(toRead.map((c) => copyTo(c))) } : {}),
  });

  const held = await requireHeld(manifest.paths, new Set(narInfos.map((n) => n.entry.path)), options.cache); // rule 8

  // Rule 9: the folders read from are still the ones found at the start.
  await requireSameFolder(cacheDir, `${CACHE_DIR}/`, cacheFolder);
  if (cacheFolder) await requireSameFolder(narDir, `${CACHE_DIR}/${NAR_DIR}/`, narFolder);

  return {
    dir,
    manifest,
    manifestBytes,
    manifestSha256: sha256,
    signatureBytes,
    signers: signatures.valid,
    unknownSigners: signatures.unknown,
    carried,
    held,
  };
}
