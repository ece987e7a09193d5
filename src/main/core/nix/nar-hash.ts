// The NarHash and NarSize of a path on disk, as `nix-hash --type sha256 --base32` prints.
import { dumpNar } from './nar-writer';
import { formatHash, parseHash, Sha256Counter, type NixHash } from './hash';
import { runJobs } from '../jobs/worker-pool';

export interface PathHash {
  readonly narHash: NixHash;
  readonly narSize: number;
}

/** What crosses a thread boundary: the hash as text (`sha256:<nix32>`). */
export interface PathHashText {
  readonly narHash: string;
  readonly narSize: number;
}

/** Hashes on the calling thread, blocking it: for workers and the CLI. */
export function hashPathSync(path: string): PathHashText {
  const counter = new Sha256Counter();
  for (const chunk of dumpNar(path, { reuseChunks: true })) counter.update(chunk);
  const { hash, size } = counter.finish();
  return { narHash: formatHash(hash), narSize: size };
}

/** Hashes in a worker thread, so the caller's event loop stays free. */
export async function hashPath(path: string): Promise<PathHash> {
  const [result] = await runJobs<{ path: string }, PathHashText>('nar-hash', [{ path }]);
  const { narHash, narSize } = result as PathHashText;
  return { narHash: parseHash(narHash), narSize };
}
