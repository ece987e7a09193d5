// `mirror publish`: copies the offline cache to a mirror's folder on a host
// over SSH, as the plan says (mirror-plan.ts): nix-cache-info, then every
// missing NAR (continued where a cut link left it), then the narinfos. Each
// file is read whole here (so the cache's own bytes are checked against the
// narinfo as they go out) and placed by the host only once it measured them.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { CacheLayout } from '../cache/cache-layout';
import type { Progress } from '../jobs/progress';
import { Refusal } from '../refusal-error';
import { listMirrorFolder, mirrorPartialName, placeOnMirror, renameOnMirror, type PlaceResult } from '../remote/mirror-folder';
import type { RemoteHost } from '../remote/remote-host';
import type { SshTransport } from '../remote/ssh-transport';
import { planMirrorPublish, type MirrorFile, type PublishProblem } from './mirror-plan';

export type { PublishProblem } from './mirror-plan';

/** One file done, for the progress lines. */
export interface PublishedFile {
  readonly file: string;
  readonly bytes: number;
  /** Bytes that were on the mirror already and were continued, not sent again. */
  readonly resumedFrom: number;
  /** The first attempt landed wrong (a partial holding other bytes) and the file was sent again whole. */
  readonly redone: boolean;
}

export interface PublishHooks {
  readonly onProgress?: (p: Progress) => void;
  readonly onFile?: (f: PublishedFile) => void;
  readonly signal?: AbortSignal;
}

export interface PublishReport {
  /** Files placed on the mirror by this run (NARs, narinfos, nix-cache-info). */
  readonly copied: number;
  /** Files the mirror held whole already. */
  readonly skipped: number;
  /** Bytes sent over the link (a resumed file counts only what was still missing). */
  readonly bytes: number;
  /** NARs continued from a partial a cut link had left. */
  readonly resumed: number;
  readonly damaged: readonly PublishProblem[];
}

export interface PublishTarget {
  readonly transport: SshTransport;
  readonly dataDir: string;
  readonly host: RemoteHost;
  readonly dir: string;
}

export class MirrorCheckError extends Refusal {
  override readonly name = 'MirrorCheckError';
}

/** The file's bytes from the start (all of them hashed), yielding only those from `from` on. */
async function* readFrom(
  path: string,
  from: number,
  hash: ReturnType<typeof createHash>,
  sent: (n: number) => void,
): AsyncGenerator<Uint8Array> {
  let offset = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    const end = offset + chunk.length;
    if (end > from) {
      const part = offset >= from ? chunk : chunk.subarray(from - offset);
      sent(part.length);
      yield part;
    }
    offset = end;
  }
}

export async function publishToMirror(layout: CacheLayout, target: PublishTarget, hooks: PublishHooks = {}): Promise<PublishReport> {
  const { transport, dataDir, host, dir } = target;
  const remote = await listMirrorFolder(transport, host, dir);
  const plan = await planMirrorPublish(layout, remote);
  const damaged: PublishProblem[] = [...plan.damaged];
  const failedNars = new Set<string>();
  const files = [...(plan.cacheInfo ? [plan.cacheInfo] : []), ...plan.nars];
  const all = [...files, ...plan.narinfos];
  const bytesTotal = all.reduce((n, f) => n + f.size - f.from, 0);
  let bytesDone = 0;
  let linkBytes = 0;
  let copied = 0;
  let resumed = 0;
  const progress = (phase: string): void => hooks.onProgress?.({ bytesDone, bytesTotal, pathsDone: copied, pathsTotal: all.length, phase });

  const send = async (f: MirrorFile, from: number): Promise<{ result: PlaceResult; localHex: string }> => {
    const hash = createHash('sha256');
    const bytes = readFrom(f.local, from, hash, (n) => {
      bytesDone += n;
      linkBytes += n;
      progress('copying');
    });
    const result = await placeOnMirror(
      dataDir,
      host,
      { dir, file: f.file, mode: from > 0 ? 'append' : 'replace', bytes, size: f.size, sha256Hex: f.sha256Hex },
      hooks.signal,
    );
    return { result, localHex: hash.digest('hex') };
  };

  const publish = async (f: MirrorFile): Promise<void> => {
    if (f.adoptTruncated) await renameOnMirror(transport, host, dir, f.file, mirrorPartialName(f.file));
    const first = await send(f, f.from);
    let result = first.result;
    const localHex = first.localHex;
    let redone = false;
    if (localHex !== f.sha256Hex) {
      // The offline cache's own copy is not what its narinfo says: nothing of it may reach the mirror.
      damaged.push({
        path: f.storePath || f.file,
        problem: `the offline cache's ${f.file} does not match its narinfo's FileHash (run \`airlock cache verify\`)`,
      });
      failedNars.add(f.file);
      return;
    }
    if (result.outcome === 'mismatch' && f.from > 0) {
      // The partial held other bytes than ours; the host removed it, so send the file again whole.
      bytesDone -= f.size - f.from;
      ({ result } = await send(f, 0));
      redone = true;
    }
    if (result.outcome !== 'placed') {
      const measured = result.outcome === 'short' ? `${result.size} bytes` : `${result.size} bytes with sha256 ${result.sha256Hex}`;
      throw new MirrorCheckError(
        `${host.name}: ${f.file} landed in ${dir} as ${measured}, not ${f.size} bytes with sha256 ${f.sha256Hex}; nothing was put in its place. Run the publish again`,
      );
    }
    copied += 1;
    if (f.from > 0 && !redone) resumed += 1;
    progress('copying');
    hooks.onFile?.({ file: f.file, bytes: f.size, resumedFrom: redone ? 0 : f.from, redone });
  };

  progress('copying');
  for (const f of files) await publish(f);
  for (const info of plan.narinfos) {
    if (failedNars.has(info.nar)) continue;
    await publish(info);
  }
  return { copied, skipped: plan.skipped, bytes: linkBytes, resumed, damaged };
}
