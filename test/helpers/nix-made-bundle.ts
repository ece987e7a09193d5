// Bundles whose cache/ real Nix wrote (`nix copy --to file://…`, signed with
// `nix store sign`), with a manifest Airlock signs: what a build side without
// `airlock bundle create` could produce, and what the import must accept.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatManifest, type Manifest } from '../../src/main/core/bundle/manifest';
import { formatHash } from '../../src/main/core/nix/hash';
import { parseNarInfo } from '../../src/main/core/nix/narinfo';
import { parseSecretKey, signDetached } from '../../src/main/core/nix/signing';
import { printStorePath, storePathBaseName } from '../../src/main/core/nix/store-path';
import { nixCopyToCache, nixSignCache } from './nix-binary-cache';
import { nix } from './real-nix';

export interface NixMadeBundle {
  readonly site: string;
  readonly sequence: number;
  readonly host: string;
  readonly toplevel: string;
  readonly compression: string;
  /** Secret key file (Nix format): signs the narinfos (nix store sign) and the manifest. */
  readonly keyFile: string;
  readonly created?: string;
}

export function makeNixBundle(dir: string, spec: NixMadeBundle): string {
  const closure = nix(['nix-store', '-qR', spec.toplevel]).trim().split('\n');
  const cacheDir = join(dir, 'cache');
  mkdirSync(dir, { recursive: true });
  nixCopyToCache(cacheDir, [spec.toplevel], spec.compression);
  nixSignCache(cacheDir, spec.keyFile, closure);
  const paths = readdirSync(cacheDir)
    .filter((f) => f.endsWith('.narinfo'))
    .map((f) => parseNarInfo(readFileSync(join(cacheDir, f), 'utf8')))
    .map((info) => ({
      path: printStorePath(info.storePath),
      narHash: formatHash(info.narHash),
      narSize: info.narSize,
      references: info.references.map(storePathBaseName).sort(),
    }))
    .sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
  const manifest: Manifest = {
    format: 'airlock-bundle/1',
    site: spec.site,
    sequence: spec.sequence,
    created: spec.created ?? '2026-11-20T10:00:00Z',
    systems: [{ host: spec.host, toplevel: spec.toplevel, action: 'switch' }],
    paths,
  };
  const bytes = formatManifest(manifest);
  writeFileSync(join(dir, 'airlock-bundle.json'), bytes);
  const key = parseSecretKey(readFileSync(spec.keyFile, 'utf8').trim());
  writeFileSync(join(dir, 'airlock-bundle.json.sig'), `${signDetached(key, bytes)}\n`);
  return dir;
}
