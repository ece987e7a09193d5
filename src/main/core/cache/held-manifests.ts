// The manifests an offline cache holds in bundles/ (one per accepted bundle,
// written there last by an import), read back and checked: gc decides from
// them what the cache must keep, so one it cannot read is reported, never
// skipped.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseManifest, type Manifest } from '../bundle/manifest';
import { BundleRefusal } from '../bundle/refusal';
import type { CacheLayout } from './cache-layout';

export interface HeldManifest {
  /** `<site>-<sequence>`, as the file is named. */
  readonly name: string;
  readonly jsonFile: string;
  readonly sigFile: string;
  readonly manifest: Manifest;
}

export interface UnreadableManifest {
  readonly file: string;
  readonly problem: string;
}

export async function readHeldManifests(layout: CacheLayout): Promise<{ manifests: HeldManifest[]; unreadable: UnreadableManifest[] }> {
  const files = (await readdir(layout.bundlesDir)).filter((f) => f.endsWith('.json')).sort();
  const manifests: HeldManifest[] = [];
  const unreadable: UnreadableManifest[] = [];
  for (const file of files) {
    const jsonFile = join(layout.bundlesDir, file);
    try {
      const manifest = parseManifest(await readFile(jsonFile));
      const name = `${manifest.site}-${manifest.sequence}`;
      if (`${name}.json` !== file) throw new Error(`it holds bundle ${name}, not what its file name says`);
      manifests.push({ name, jsonFile, sigFile: `${jsonFile}.sig`, manifest });
    } catch (err) {
      unreadable.push({ file, problem: err instanceof BundleRefusal ? err.reason : (err as Error).message });
    }
  }
  return { manifests, unreadable };
}
