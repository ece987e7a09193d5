// What `mirror publish` must send, decided from the offline cache and a listing
// of the mirror: only the files the mirror lacks, each NAR continued from where
// a cut link left it, and the narinfos after every NAR, references first, so a
// host never finds a narinfo whose NAR (or whose references) is not there yet.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { CacheLayout } from '../cache/cache-layout';
import { readCachedPaths, type CachedPath } from '../cache/cached-paths';
import { mirrorPartialName } from '../remote/mirror-folder';

/** One file to put on the mirror; `from` bytes of it are there already (a partial to continue). */
export interface MirrorFile {
  readonly file: string;
  readonly local: string;
  readonly size: number;
  readonly sha256Hex: string;
  readonly from: number;
  /** The mirror holds a too-short file at the real name: it becomes the partial first. */
  readonly adoptTruncated: boolean;
  /** The store path it belongs to, for the report ('' for nix-cache-info). */
  readonly storePath: string;
}

export interface PublishProblem {
  readonly path: string;
  readonly problem: string;
}

export interface MirrorPlan {
  readonly cacheInfo: MirrorFile | undefined;
  readonly nars: readonly MirrorFile[];
  /** Each narinfo with the NAR file it announces (sent only once that NAR is whole on the mirror). */
  readonly narinfos: readonly (MirrorFile & { readonly nar: string })[];
  /** Files the mirror already holds whole. */
  readonly skipped: number;
  /** Paths the offline cache cannot vouch for: left off the mirror and reported. */
  readonly damaged: readonly PublishProblem[];
}

// Only small files (narinfos, nix-cache-info) are hashed whole here; NARs are hashed as they are sent.
const sha256Hex = async (file: string): Promise<string> =>
  createHash('sha256')
    .update(await readFile(file))
    .digest('hex');

/** References first (a narinfo is published only after the paths it needs), then by name. */
function referencesFirst(paths: readonly CachedPath[]): CachedPath[] {
  const byBase = new Map(paths.map((p) => [p.baseName, p]));
  const done = new Set<string>();
  const order: CachedPath[] = [];
  const visit = (p: CachedPath, seen: Set<string>): void => {
    if (done.has(p.baseName) || seen.has(p.baseName)) return;
    seen.add(p.baseName);
    for (const ref of p.narinfo.references) {
      const dep = byBase.get(`${ref.hashPart}-${ref.name}`);
      if (dep && dep !== p) visit(dep, seen);
    }
    done.add(p.baseName);
    order.push(p);
  };
  for (const p of paths) visit(p, new Set());
  return order;
}

/** Where sending a file starts, given what the mirror holds under its real and its partial name. */
function resumePoint(remote: ReadonlyMap<string, number>, file: string, size: number): { from: number; adoptTruncated: boolean } | 'whole' {
  const atName = remote.get(file);
  if (atName === size) return 'whole';
  if (atName !== undefined && atName < size) return { from: atName, adoptTruncated: true };
  const partial = remote.get(mirrorPartialName(file));
  if (partial !== undefined && partial <= size) return { from: partial, adoptTruncated: false };
  return { from: 0, adoptTruncated: false };
}

export async function planMirrorPublish(layout: CacheLayout, remote: ReadonlyMap<string, number>): Promise<MirrorPlan> {
  const { paths, unreadable } = await readCachedPaths(layout);
  const damaged: PublishProblem[] = unreadable.map((u) => ({ path: u.file, problem: `unreadable narinfo: ${u.problem}` }));
  let skipped = 0;
  const consider = async (file: string, local: string, size: number, hash: string, storePath: string): Promise<MirrorFile | undefined> => {
    const point = resumePoint(remote, file, size);
    if (point === 'whole') {
      skipped += 1;
      return undefined;
    }
    return { file, local, size, sha256Hex: hash, storePath, ...point };
  };

  const infoLocal = join(layout.cacheDir, 'nix-cache-info');
  const infoSize = (await stat(infoLocal)).size;
  const cacheInfo = await consider('nix-cache-info', infoLocal, infoSize, await sha256Hex(infoLocal), '');

  const nars: MirrorFile[] = [];
  const narinfos: (MirrorFile & { nar: string })[] = [];
  const narsSeen = new Set<string>();
  for (const p of referencesFirst(paths)) {
    const storePath = `/nix/store/${p.baseName}`;
    const { fileHash, fileSize, url } = p.narinfo;
    if (!fileHash || fileHash.algorithm !== 'sha256' || fileSize === undefined) {
      damaged.push({
        path: storePath,
        problem: 'its narinfo gives no FileHash (sha256) and FileSize, so what lands on the mirror could not be checked',
      });
      continue;
    }
    const localSize = await stat(p.narFile).then(
      (s) => s.size,
      () => undefined,
    );
    if (localSize !== fileSize) {
      damaged.push({
        path: storePath,
        problem:
          localSize === undefined
            ? `its NAR file ${url} is missing from the offline cache`
            : `its NAR file ${url} holds ${localSize} bytes, the narinfo says ${fileSize}`,
      });
      continue;
    }
    if (!narsSeen.has(url)) {
      narsSeen.add(url);
      const nar = await consider(url, p.narFile, fileSize, fileHash.digest.toString('hex'), storePath);
      if (nar) nars.push(nar);
    }
    const infoFile = `${p.narinfo.storePath.hashPart}.narinfo`;
    const infoPath = join(layout.cacheDir, infoFile);
    const info = await consider(infoFile, infoPath, (await stat(infoPath)).size, await sha256Hex(infoPath), storePath);
    if (info) narinfos.push({ ...info, nar: url, from: 0, adoptTruncated: false });
  }
  return { cacheInfo, nars, narinfos, skipped, damaged };
}
