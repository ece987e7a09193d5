// `airlock bundle inspect`: what a bundle holds, for an operator deciding
// whether to import it, without needing a site. Signatures are checked against
// whatever public keys are given; a signer with no key given is reported as such.
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import type { PublicKey } from '../nix/signing';
import { CACHE_DIR, MANIFEST_FILE, MAX_MANIFEST_BYTES, MAX_SIGNATURES_BYTES, SIGNATURES_FILE } from './bundle-layout';
import { readBundleFile } from './bundle-files';
import { readBundleNarInfos } from './bundle-narinfos';
import { manifestSha256, parseManifest, type Manifest } from './manifest';
import { evaluateSignatures, parseSignatureLines, type SignerReport } from './manifest-signatures';
import { BundleRefusal } from './refusal';
import { buildClosureCost, type BuildClosureCost } from './build-closure-cost';

export interface BundleInspection {
  readonly manifest: Manifest;
  readonly manifestSha256: string;
  readonly pathCount: number;
  /** Sum of NarSize over every listed path. */
  readonly totalNarSize: number;
  readonly carried: { readonly count: number; readonly narBytes: number; readonly fileBytes: number };
  /** What the build closure adds (format 2), when the bundle has one. */
  readonly buildClosure?: BuildClosureCost;
  /** Each signature line; `unknown-key` when no public key of that name was given. */
  readonly signers: readonly SignerReport[];
  /** Why the bundle's cache or signatures could not be read in full, when that is so. */
  readonly problems: readonly string[];
}

export async function inspectBundle(dir: string, keys: readonly PublicKey[] = []): Promise<BundleInspection> {
  const manifestBytes = await readBundleFile(join(dir, MANIFEST_FILE), MANIFEST_FILE, { maxBytes: MAX_MANIFEST_BYTES, rule: 1 });
  const manifest = parseManifest(manifestBytes);
  const problems: string[] = [];
  const reasonOf = (err: unknown): string => {
    if (err instanceof BundleRefusal) return err.message;
    throw err;
  };

  let signers: readonly SignerReport[] = [];
  try {
    const sigBytes = await readBundleFile(join(dir, SIGNATURES_FILE), SIGNATURES_FILE, { maxBytes: MAX_SIGNATURES_BYTES, rule: 2 });
    signers = evaluateSignatures(manifestBytes, parseSignatureLines(sigBytes.toString('utf8')), keys).signers;
  } catch (err) {
    problems.push(reasonOf(err));
  }

  let carried = { count: 0, narBytes: 0, fileBytes: 0 };
  const fileBytesOf = new Map<string, number>();
  try {
    const cacheDir = join(dir, CACHE_DIR);
    const narInfos = await readBundleNarInfos(cacheDir, manifest);
    let fileBytes = 0;
    for (const { narInfo, entry } of narInfos) {
      const size =
        narInfo.fileSize ??
        (await lstat(join(cacheDir, narInfo.url)).then(
          (s) => s.size,
          () => 0,
        ));
      fileBytesOf.set(entry.path, size);
      fileBytes += size;
    }
    carried = { count: narInfos.length, narBytes: narInfos.reduce((sum, n) => sum + n.narInfo.narSize, 0), fileBytes };
  } catch (err) {
    problems.push(reasonOf(err));
  }

  const build = buildClosureCost(manifest, fileBytesOf);
  return {
    manifest,
    manifestSha256: manifestSha256(manifestBytes),
    ...(build ? { buildClosure: build } : {}),
    pathCount: manifest.paths.length,
    totalNarSize: manifest.paths.reduce((sum, p) => sum + p.narSize, 0),
    carried,
    signers,
    problems,
  };
}
