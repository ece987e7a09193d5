// Sends a host what it lacks of its system's closure: by substitution through
// an SSH forward (the default), or over the nix-store --serve protocol when
// the host refuses port forwarding.
import type { CacheLayout } from '../../cache/cache-layout';
import type { RemoteHost } from '../remote-host';
import type { SshPaths } from '../ssh-args';
import type { SshTransport } from '../ssh-transport';
import { printStorePath } from '../../nix/store-path';
import { startCacheHttpServer, type CacheHttpServer } from './cache-http-server';
import type { HostClosure } from './host-closure';
import { missingOnHost } from './missing-paths';
import type { PushOutcome, PushProgress } from './push-progress';
import { PortForwardRefusedError, pushBySubstitution } from './substitute-push';
import { pushOverServe } from '../serve/serve-push';

export interface PushRequest {
  readonly transport: SshTransport;
  readonly sshPaths: SshPaths;
  readonly dataDir: string;
  readonly layout: CacheLayout;
  readonly host: RemoteHost;
  readonly closure: HostClosure;
  readonly trustedKeys: readonly string[];
  readonly server: () => Promise<CacheHttpServer>;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: PushProgress) => void;
  /** Skip the forward and use the serve protocol (for hosts known to refuse forwarding). */
  readonly method?: 'auto' | 'serve';
}

export async function pushClosure(r: PushRequest): Promise<PushOutcome> {
  const missing = await missingOnHost(r.transport, r.host, r.closure.paths);
  if (missing.length === 0) return { method: 'substitute', pathsSent: 0, bytesSent: 0 };
  const serve = async (): Promise<PushOutcome> => {
    const sent = await pushOverServe({
      host: r.host,
      dataDir: r.dataDir,
      cacheRoot: r.layout.root,
      paths: missing.map((p) => printStorePath(p.narinfo.storePath)),
      ...(r.signal ? { signal: r.signal } : {}),
      ...(r.onProgress ? { onProgress: r.onProgress } : {}),
    });
    return { method: 'serve', pathsSent: sent.pathsSent, bytesSent: sent.bytesSent };
  };
  if (r.method === 'serve') return serve();
  try {
    return await pushBySubstitution({
      host: r.host,
      sshPaths: r.sshPaths,
      server: await r.server(),
      toplevel: r.closure.toplevel,
      closure: r.closure.paths,
      missing,
      trustedKeys: r.trustedKeys,
      ...(r.signal ? { signal: r.signal } : {}),
      ...(r.onProgress ? { onProgress: r.onProgress } : {}),
    });
  } catch (err) {
    if (!(err instanceof PortForwardRefusedError)) throw err;
    return serve();
  }
}

/** One HTTP view of the cache per run, started the first time a host needs it. */
export function lazyCacheServer(layout: CacheLayout): { get: () => Promise<CacheHttpServer>; close: () => Promise<void> } {
  let server: Promise<CacheHttpServer> | undefined;
  return {
    get: () => (server ??= startCacheHttpServer(layout)),
    close: async () => {
      if (server) await (await server).close();
    },
  };
}
