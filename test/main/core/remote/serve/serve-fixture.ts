// Shared by the serve tests: a real fleet host reached the way Airlock reaches
// it (its key pinned in <dataDir>/ssh/known_hosts under airlock-<name>), real
// binary caches written and signed by Nix, and questions asked of the host's
// own Nix store over ssh.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runOnHost, type FleetHost } from '../../../../../fleet/fleet';
import { toHostKey } from '../../../../../src/main/core/remote/host-keys';
import { pinHostKey } from '../../../../../src/main/core/remote/known-hosts';
import type { RemoteHost } from '../../../../../src/main/core/remote/remote-host';
import { sshPaths } from '../../../../../src/main/core/remote/ssh-args';
import { parseNarInfo, type NarInfo } from '../../../../../src/main/core/nix/narinfo';
import { parseStorePath, printStorePath } from '../../../../../src/main/core/nix/store-path';
import { nixCopyToCache, nixSignCache } from '../../../../helpers/nix-binary-cache';
import { nix } from '../../../../helpers/real-nix';

/** Pins the host's key for Airlock and returns the host as `airlock host add` would store it. */
export function airlockHost(dataDir: string, host: FleetHost): RemoteHost {
  const [type, base64] = host.hostPublicKey.split(' ') as [string, string];
  pinHostKey(sshPaths(dataDir), host.name, toHostKey(type, base64));
  return { name: host.name, address: host.address, port: host.port, user: 'root', identity: host.clientKey };
}

export function closureOf(path: string): string[] {
  return nix(['nix-store', '-qR', path]).trim().split('\n').sort();
}

export interface TestCache {
  readonly root: string;
  readonly cacheDir: string;
  readonly publicKey: string;
  narInfo(path: string): NarInfo;
}

/** `<root>/cache` holding the closure of `toplevels`, compressed as asked and signed by a fresh key. */
export function makeCache(root: string, toplevels: readonly string[], compression: string): TestCache {
  const cacheDir = join(root, 'cache');
  nixCopyToCache(cacheDir, toplevels, compression);
  const secret = join(root, 'key.sec');
  const pub = join(root, 'key.pub');
  nix(['nix-store', '--generate-binary-cache-key', `airlock-test-${compression}`, secret, pub]);
  nixSignCache(cacheDir, secret, toplevels.flatMap(closureOf));
  return {
    root,
    cacheDir,
    publicKey: readFileSync(pub, 'utf8').trim(),
    narInfo: (path) => parseNarInfo(readFileSync(join(cacheDir, `${parseStorePath(path).hashPart}.narinfo`), 'utf8')),
  };
}

/** Which of `paths` the host's Nix store does not hold as valid. */
export async function invalidOn(host: FleetHost, paths: readonly string[]): Promise<string[]> {
  const out = await runOnHost(host, ['nix-store', '--check-validity', '--print-invalid', ...paths]);
  return out.stdout.split('\n').filter(Boolean).sort();
}

export async function referencesOn(host: FleetHost, path: string): Promise<string[]> {
  return (await runOnHost(host, ['nix-store', '-q', '--references', path])).stdout.split('\n').filter(Boolean).sort();
}

export const narInfoReferences = (info: NarInfo): string[] => info.references.map(printStorePath).sort();

/** Signatures the host's store records for `path` (`nix path-info --sigs`). */
export async function sigsOn(host: FleetHost, path: string): Promise<string[]> {
  const out = await runOnHost(host, ['nix', '--extra-experimental-features', 'nix-command', 'path-info', '--json', path]);
  const [info] = JSON.parse(out.stdout) as { signatures?: string[] }[];
  return [...(info?.signatures ?? [])].sort();
}
