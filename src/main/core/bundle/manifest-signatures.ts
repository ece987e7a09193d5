// The detached signatures of a manifest, `airlock-bundle.json.sig` (rule 2 of
// bundle-format.md): one `NAME:BASE64(ed25519(manifest bytes))` a line, blank
// lines ignored, each key name at most once. More signers can be added later;
// the manifest itself never changes once signed.
import { parseSignature, signDetached, trustedSigner, type PublicKey, type SecretKey } from '../nix/signing';
import { SIGNATURES_FILE } from './bundle-layout';
import { BundleRefusal, refuse, shown } from './refusal';
import { escapeUntrusted } from '../../../shared/untrusted-text';
import type { SiteTrust } from './site-trust';

export interface SignatureLine {
  readonly keyName: string;
  /** The line as written, `NAME:BASE64`. */
  readonly text: string;
}

/** `valid`: a key the checker knows made it; `invalid`: a known key name, but the signature does not match; `unknown-key`: a name the checker does not know. */
export type SignerStatus = 'valid' | 'invalid' | 'unknown-key';

export interface SignerReport {
  readonly keyName: string;
  readonly status: SignerStatus;
}

export interface SignatureEvaluation {
  /** Every line, in file order. */
  readonly signers: readonly SignerReport[];
  /** Names of the distinct known keys with a valid signature: what counts towards a threshold. */
  readonly valid: readonly string[];
  readonly invalid: readonly string[];
  /** Signers the checker does not know: ignored, but reported. */
  readonly unknown: readonly string[];
}

/** Parses the signature file; a malformed line or a key name twice makes the bundle invalid (rule 2). */
export function parseSignatureLines(text: string): readonly SignatureLine[] {
  const lines: SignatureLine[] = [];
  const seen = new Set<string>();
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    let keyName: string;
    try {
      keyName = parseSignature(line).keyName;
    } catch (err) {
      refuse(
        2,
        `${SIGNATURES_FILE} line ${index + 1} is not a signature (NAME:BASE64 of 64 bytes): ${escapeUntrusted((err as Error).message)}`,
        err,
      );
    }
    if (seen.has(keyName)) refuse(2, `${SIGNATURES_FILE} has two signatures by key ${shown(keyName)}; a key may sign a manifest once`);
    seen.add(keyName);
    lines.push({ keyName, text: line });
  });
  return lines;
}

/** Which lines are valid signatures of `manifestBytes` by `keys`; each key counts once. */
export function evaluateSignatures(
  manifestBytes: Buffer,
  lines: readonly SignatureLine[],
  keys: readonly PublicKey[],
): SignatureEvaluation {
  const signers: SignerReport[] = [];
  const counted: PublicKey[] = [];
  for (const line of lines) {
    if (!keys.some((k) => k.name === line.keyName)) {
      signers.push({ keyName: line.keyName, status: 'unknown-key' });
      continue;
    }
    const key = trustedSigner(manifestBytes, line.text, keys);
    signers.push({ keyName: line.keyName, status: key ? 'valid' : 'invalid' });
    if (key && !counted.some((k) => k.key.equals(key.key))) counted.push(key);
  }
  const named = (status: SignerStatus): string[] => signers.filter((s) => s.status === status).map((s) => s.keyName);
  return { signers, valid: counted.map((k) => k.name), invalid: named('invalid'), unknown: named('unknown-key') };
}

const list = (names: readonly string[]): string => names.map((n) => shown(n)).join(', ');

/** Rule 2: at least `threshold` distinct trusted bundle keys signed; throws BundleRefusal otherwise. */
export function requireThreshold(evaluation: SignatureEvaluation, trust: SiteTrust): void {
  const { valid, invalid, unknown } = evaluation;
  if (valid.length >= trust.threshold) return;
  const parts = [
    valid.length === 0
      ? `no valid signature by a key that site '${trust.site}' trusts (it requires ${trust.threshold})`
      : `only ${valid.length} valid signature${valid.length === 1 ? '' : 's'} by keys that site '${trust.site}' trusts (${list(valid)}), and it requires ${trust.threshold}`,
  ];
  if (invalid.length > 0) parts.push(`the signature by ${list(invalid)} does not match the manifest (was it changed after signing?)`);
  if (unknown.length > 0) parts.push(`signed also by ${list(unknown)}, which the site does not trust`);
  throw new BundleRefusal(2, parts.join('; '));
}

/** The signature file with a line by `key` added; refuses a second line by the same key name. */
export function addSignatureLine(signatureText: string, manifestBytes: Buffer, key: SecretKey): string {
  const lines = parseSignatureLines(signatureText);
  if (lines.some((l) => l.keyName === key.name)) {
    refuse(2, `the manifest already has a signature by key ${shown(key.name)}; a key may sign a manifest once`);
  }
  return [...lines.map((l) => l.text), signDetached(key, manifestBytes)].map((l) => `${l}\n`).join('');
}
