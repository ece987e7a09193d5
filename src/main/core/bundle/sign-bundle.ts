// `airlock bundle sign`: one more signer for a sealed bundle (a second person
// signs the same manifest). Only `airlock-bundle.json.sig` changes, by a new
// file renamed over the old one; the manifest is never touched.
import { join } from 'node:path';
import type { SecretKey } from '../nix/signing';
import { MANIFEST_FILE, MAX_MANIFEST_BYTES, MAX_SIGNATURES_BYTES, SIGNATURES_FILE } from './bundle-layout';
import { lstatInBundle, readBundleFile } from './bundle-files';
import { writeFileDurably } from '../files/durable-write';
import { parseManifest, type Manifest } from './manifest';
import { addSignatureLine, parseSignatureLines } from './manifest-signatures';

export interface SignedBundle {
  readonly manifest: Manifest;
  /** Every signer's key name, in file order, the new one last. */
  readonly signers: readonly string[];
}

async function readSignatures(path: string): Promise<string> {
  // A bundle that has no signature yet gets its first one.
  if (!(await lstatInBundle(path, SIGNATURES_FILE))) return '';
  return (await readBundleFile(path, SIGNATURES_FILE, { maxBytes: MAX_SIGNATURES_BYTES, rule: 2 })).toString('utf8');
}

/** Adds `key`'s signature of the manifest; refuses a manifest that breaks rule 1 and a key name that signed already. */
export async function signBundle(dir: string, key: SecretKey): Promise<SignedBundle> {
  const manifestBytes = await readBundleFile(join(dir, MANIFEST_FILE), MANIFEST_FILE, { maxBytes: MAX_MANIFEST_BYTES, rule: 1 });
  const manifest = parseManifest(manifestBytes);
  const sigPath = join(dir, SIGNATURES_FILE);
  const text = addSignatureLine(await readSignatures(sigPath), manifestBytes, key);
  await writeFileDurably(sigPath, text);
  return { manifest, signers: parseSignatureLines(text).map((l) => l.keyName) };
}
