// The fallback push: store paths from the offline cache to a host over
// `nix-store --serve --write`, for hosts that refuse SSH port forwarding.
// Only what the host lacks is sent, dependencies first, each NAR streamed and
// decompressed on the way. Every path is registered by the remote only once
// it has all of it, so an interrupted push leaves complete paths or none, and
// the next push sends exactly the rest.
import { printStorePath } from '../../nix/store-path';
import type { RemoteHost } from '../remote-host';
import { openCachedNar } from './cached-nar';
import { readPushPlan, referenceOrder, type PlannedPath } from './push-plan';
import { ServeError } from './serve-errors';
import { openServeSession, type ServeSession } from './serve-session';

export type PushMethod = 'add-to-store-nar' | 'import-paths';

export interface PushProgress {
  readonly bytesSent: number;
  readonly bytesTotal: number;
  readonly pathsSent: number;
  readonly pathsTotal: number;
  readonly currentPath?: string;
}

export interface PushResult {
  readonly pathsSent: number;
  /** Uncompressed NAR bytes written to the link. */
  readonly bytesSent: number;
  readonly alreadyValid: number;
  readonly method: PushMethod;
}

export interface PushOptions {
  readonly host: RemoteHost;
  readonly dataDir: string;
  /** The medium's root: the cache is `<cacheRoot>/cache/`. */
  readonly cacheRoot: string;
  /** Full store paths of the closure to send, any order. */
  readonly paths: readonly string[];
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: PushProgress) => void;
  /** 'auto' (default) takes AddToStoreNar when the host's Nix has it: it carries signatures and the remote checks NarHash. */
  readonly method?: 'auto' | PushMethod;
}

function chooseMethod(session: ServeSession, wanted: 'auto' | PushMethod, host: string): PushMethod {
  if (wanted === 'import-paths') return 'import-paths';
  if (session.supportsAddToStoreNar) return 'add-to-store-nar';
  if (wanted === 'auto') return 'import-paths';
  throw new ServeError(
    host,
    `${host}: its Nix (serve protocol ${session.remoteVersion.toString(16)}) cannot take AddToStoreNar; push with import-paths`,
    '',
  );
}

/** The planned paths the host lacks; refuses when one references a path that is neither on the host nor in the push. */
async function missingOn(session: ServeSession, plan: readonly PlannedPath[], host: string): Promise<PlannedPath[]> {
  const planned = new Set(plan.map((e) => e.path));
  const outside = new Set(plan.flatMap((e) => e.narInfo.references.map(printStorePath)).filter((p) => !planned.has(p)));
  const valid = await session.queryValidPaths([...planned, ...outside]);
  const dangling = [...outside].filter((p) => !valid.has(p));
  if (dangling.length > 0) {
    throw new ServeError(
      host,
      `${host}: cannot push: ${dangling.join(', ')} ${dangling.length === 1 ? 'is' : 'are'} referenced but neither on the host nor among the paths to send`,
      '',
    );
  }
  return plan.filter((e) => !valid.has(e.path));
}

export async function pushOverServe(options: PushOptions): Promise<PushResult> {
  const { host, signal, onProgress } = options;
  // Refused here, before connecting: a cache that lacks a path must not leave a host half-updated.
  const plan = await readPushPlan(options.cacheRoot, options.paths);
  const session = await openServeSession(host, options.dataDir, { signal });
  try {
    const method = chooseMethod(session, options.method ?? 'auto', host.name);
    const toSend = referenceOrder(await missingOn(session, plan, host.name));
    const bytesTotal = toSend.reduce((sum, e) => sum + e.narInfo.narSize, 0);
    let bytesSent = 0;
    let pathsSent = 0;
    const report = (currentPath?: string): void =>
      onProgress?.({ bytesSent, bytesTotal, pathsSent, pathsTotal: toSend.length, ...(currentPath ? { currentPath } : {}) });
    report();
    for (const entry of toSend) {
      const nar = openCachedNar(entry.narFile, entry.narInfo.compression);
      const transfer = {
        onBytes: (n: number) => {
          bytesSent += n;
          report(entry.path);
        },
      };
      try {
        if (method === 'add-to-store-nar') await session.addToStoreNar(entry.narInfo, nar, transfer);
        else await session.importPaths([{ info: entry.narInfo, nar }], transfer);
      } finally {
        nar.destroy();
      }
      pathsSent++;
      report();
    }
    await session.close();
    return { pathsSent, bytesSent, alreadyValid: plan.length - toSend.length, method };
  } catch (err) {
    // After a failure the session is already ended; this only waits for ssh to exit.
    await session.close().catch(() => undefined);
    throw err;
  }
}
