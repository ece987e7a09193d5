// Rules 5 and 6 of bundle-format.md: every narinfo in the bundle's cache/
// describes a path of the manifest exactly as the manifest does, points at a
// safe `nar/…` name, and carries a valid Sig: by a trusted Nix key.
import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { formatHash } from '../nix/hash';
import { parseNarInfo, type NarInfo } from '../nix/narinfo';
import { narInfoSigners } from '../nix/narinfo-signature';
import type { PublicKey } from '../nix/signing';
import { printStorePath, storePathBaseName } from '../nix/store-path';
import { CACHE_DIR, MAX_NARINFO_BYTES, narInfoFileName } from './bundle-layout';
import { lstatInBundle, readBundleFile } from './bundle-files';
import type { Manifest, ManifestPath } from './manifest-schema';
import { narUrlProblem } from './nar-url';
import { refuse, shown } from './refusal';
import { escapeUntrusted } from '../../../shared/untrusted-text';
import { mapLimit } from '../jobs/map-limit';

const READ_AT_ONCE = 16;

export interface BundleNarInfo {
  readonly entry: ManifestPath;
  readonly narInfo: NarInfo;
  /** The bytes as read and checked: what an import writes. */
  readonly bytes: Buffer;
  readonly file: string;
}

function describesEntry(info: NarInfo, entry: ManifestPath): string | undefined {
  if (formatHash(info.narHash) !== entry.narHash) return `its NarHash ${formatHash(info.narHash)} is not the manifest's ${entry.narHash}`;
  if (info.narSize !== entry.narSize) return `its NarSize ${info.narSize} is not the manifest's ${entry.narSize}`;
  const refs = info.references.map(storePathBaseName).sort();
  const expected = [...entry.references].sort();
  if (refs.length !== expected.length || refs.some((r, i) => r !== expected[i])) {
    return `its References (${refs.join(' ') || 'none'}) are not the manifest's (${expected.join(' ') || 'none'})`;
  }
  return undefined;
}

async function readOne(cacheDir: string, entryName: string, byPath: ReadonlyMap<string, ManifestPath>): Promise<BundleNarInfo> {
  const label = `${CACHE_DIR}/${entryName}`;
  const file = join(cacheDir, entryName);
  const bytes = await readBundleFile(file, label, { maxBytes: MAX_NARINFO_BYTES, rule: 5 });
  let narInfo: NarInfo;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    narInfo = parseNarInfo(text, label);
  } catch (err) {
    return refuse(5, `${label} is not a valid narinfo: ${escapeUntrusted((err as Error).message)}`, err);
  }
  const path = printStorePath(narInfo.storePath);
  if (narInfoFileName(narInfo.storePath.hashPart) !== entryName)
    refuse(5, `${label} describes ${path}, whose narinfo would be named ${narInfoFileName(narInfo.storePath.hashPart)}`);
  const entry = byPath.get(path);
  if (!entry) refuse(5, `${label} describes ${path}, which the manifest does not list (a narinfo from another bundle?)`);
  const mismatch = describesEntry(narInfo, entry);
  if (mismatch) refuse(5, `the narinfo of ${path} does not match the manifest: ${mismatch}`);
  const urlProblem = narUrlProblem(narInfo.url);
  if (urlProblem) refuse(5, `the narinfo of ${path} has URL ${shown(narInfo.url)}, which ${urlProblem}`);
  return { entry, narInfo, bytes, file };
}

/** Rule 5 for every `.narinfo` in `cacheDir` (which may be absent: then nothing is carried). */
export async function readBundleNarInfos(cacheDir: string, manifest: Manifest): Promise<readonly BundleNarInfo[]> {
  const entries: Dirent[] = await readdir(cacheDir, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw err;
  });
  const byPath = new Map(manifest.paths.map((p) => [p.path, p]));
  const names = entries
    .filter((d) => d.name.endsWith('.narinfo'))
    .map((d) => d.name)
    .sort((a, b) => (a < b ? -1 : 1));
  // Several at once (a system has thousands of narinfos, each a few small reads);
  // the refusal reported is still the first in name order, as one at a time.
  const outcomes = await mapLimit(names, READ_AT_ONCE, async (name) => {
    try {
      // lstat again rather than trusting the listing's type: refuses a link found either way.
      await lstatInBundle(join(cacheDir, name), `${CACHE_DIR}/${name}`);
      return { ok: true as const, info: await readOne(cacheDir, name, byPath) };
    } catch (error) {
      return { ok: false as const, error };
    }
  });
  const failed = outcomes.find((o) => !o.ok);
  if (failed) throw failed.error;
  return outcomes.map((o) => (o as { info: BundleNarInfo }).info);
}

/** Rule 6: each carried narinfo has at least one valid Sig: by a trusted Nix key. */
export function checkNarInfoSignatures(narInfos: readonly BundleNarInfo[], nixKeys: readonly PublicKey[]): void {
  for (const { narInfo, entry } of narInfos) {
    if (narInfoSigners(narInfo, nixKeys).length > 0) continue;
    const names = narInfo.sigs.map((s) => s.slice(0, Math.max(0, s.indexOf(':'))));
    const signedBy =
      names.length === 0 ? 'it has no Sig: line' : `it is signed only by ${names.map((n) => shown(n)).join(', ')}, none valid and trusted`;
    refuse(6, `the narinfo of ${entry.path} has no valid signature by a Nix key this site trusts: ${signedBy}`);
  }
}
