// What an operator's stick holds: an offline cache at <medium>/airlock (a Nix
// binary cache plus accepted manifests) and bundle folders copied over.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const TOPLEVEL = '/nix/store/0c7yq2wsgds8lqpdx5gb0kxdqclxa7gm-nixos-system-plc1-24.05.1';

export function manifestJson(site: string, sequence: number, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    format: 'airlock-bundle/1',
    site,
    sequence,
    created: '2026-11-20T10:00:00Z',
    expires: '2027-02-18T00:00:00Z',
    description: 'Weekly update: linux 6.6.58',
    systems: [{ host: 'plc1', toplevel: TOPLEVEL, action: 'switch' }],
    paths: [{ path: TOPLEVEL, narHash: `sha256:${'0'.repeat(52)}`, narSize: 66680, references: [] }],
    ...extra,
  });
}

/** A bundle folder as `bundle create` lays it out (its cache left empty: only the manifest is read). */
export function writeBundle(folder: string, site: string, sequence: number): string {
  mkdirSync(join(folder, 'cache', 'nar'), { recursive: true });
  writeFileSync(join(folder, 'airlock-bundle.json'), manifestJson(site, sequence));
  writeFileSync(join(folder, 'airlock-bundle.json.sig'), 'accel-build-1:c2lnbmF0dXJl\n');
  writeFileSync(join(folder, 'cache', 'nix-cache-info'), 'StoreDir: /nix/store\n');
  return folder;
}

/** An offline cache at <medium>/airlock that has accepted the given bundles. */
export function writeOfflineCache(medium: string, accepted: readonly [string, number][]): string {
  const root = join(medium, 'airlock');
  mkdirSync(join(root, 'cache', 'nar'), { recursive: true });
  mkdirSync(join(root, 'bundles'), { recursive: true });
  writeFileSync(join(root, 'cache', 'nix-cache-info'), 'StoreDir: /nix/store\n');
  for (const [site, sequence] of accepted) writeFileSync(join(root, 'bundles', `${site}-${sequence}.json`), manifestJson(site, sequence));
  return root;
}
