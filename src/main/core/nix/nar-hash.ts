// The NarHash and NarSize of a path on disk, as `nix-hash --type sha256 --base32` prints.
import { dumpNar } from './nar-writer';
import { Sha256Counter, type NixHash } from './hash';

export async function hashPath(path: string): Promise<{ readonly narHash: NixHash; readonly narSize: number }> {
  const counter = new Sha256Counter();
  for await (const chunk of dumpNar(path)) counter.update(chunk);
  const { hash, size } = counter.finish();
  return { narHash: hash, narSize: size };
}
