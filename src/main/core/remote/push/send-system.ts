// How a host gets the paths of its system it lacks: pushed from the laptop's
// offline cache (push-closure.ts), or, with a site mirror, pulled by the host
// from the mirror's URL (mirror-pull.ts). A host that cannot pull from the
// mirror is pushed to only when the operator asked for that fallback.
import type { CachedPath } from '../../cache/cached-paths';
import { missingOnHost } from './missing-paths';
import { MirrorPullError, pullFromMirror } from './mirror-pull';
import { pushClosure, type PushRequest } from './push-closure';
import type { MirrorFetch, PushOutcome } from './push-progress';

export interface MirrorChoice {
  readonly name: string;
  readonly url: string;
  /** 'push': a host that cannot pull from the mirror is sent its system from the laptop; 'none': it fails, saying why. */
  readonly fallback: 'none' | 'push';
}

export interface SendRequest extends PushRequest {
  readonly mirror?: MirrorChoice;
  /** Told when the host starts pulling from the mirror, and when the laptop pushes instead. */
  readonly onStep?: (words: string) => void;
}

const sizeOf = (paths: readonly CachedPath[]): number => paths.reduce((n, p) => n + (p.narinfo.fileSize ?? 0), 0);

export async function sendSystem(r: SendRequest): Promise<PushOutcome> {
  const mirror = r.mirror;
  if (!mirror) return pushClosure(r);
  const fetched = (paths: readonly CachedPath[], problem: string | null): MirrorFetch => ({
    name: mirror.name,
    url: mirror.url,
    pathsFetched: paths.length,
    bytesFetched: sizeOf(paths),
    problem,
  });
  const missing = await missingOnHost(r.transport, r.host, r.closure.paths);
  if (missing.length === 0) return { method: 'mirror', pathsSent: 0, bytesSent: 0, mirror: fetched([], null) };
  r.onStep?.(`fetching ${missing.length} paths from mirror ${mirror.name}`);
  try {
    await pullFromMirror({ transport: r.transport, host: r.host, toplevel: r.closure.toplevel, mirror, trustedKeys: r.trustedKeys });
    return { method: 'mirror', pathsSent: 0, bytesSent: 0, mirror: fetched(missing, null) };
  } catch (err) {
    if (!(err instanceof MirrorPullError) || mirror.fallback !== 'push') throw err;
    // What did arrive from the mirror before it failed stays (Nix registers only whole paths).
    const still = new Set(await missingOnHost(r.transport, r.host, missing));
    r.onStep?.(`pushing from the laptop: ${err.message}`);
    const pushed = await pushClosure(r);
    return {
      ...pushed,
      mirror: fetched(
        missing.filter((p) => !still.has(p)),
        err.message,
      ),
    };
  }
}
