// Rule 2: the signature file of a manifest, its lines, and the threshold.
import { describe, expect, it } from 'vitest';
import {
  addSignatureLine,
  evaluateSignatures,
  parseSignatureLines,
  requireThreshold,
} from '../../../../src/main/core/bundle/manifest-signatures';
import { BundleRefusal } from '../../../../src/main/core/bundle/refusal';
import type { SiteTrust } from '../../../../src/main/core/bundle/site-trust';
import { generateSecretKey, signDetached, toPublicKey } from '../../../../src/main/core/nix/signing';
import { nix } from '../../../helpers/real-nix';
import { parseSecretKey } from '../../../../src/main/core/nix/signing';

const manifest = Buffer.from('{"format": "airlock-bundle/1"}\n');
const a = generateSecretKey('site-a');
const b = generateSecretKey('site-b');
const c = generateSecretKey('site-c');
const stranger = generateSecretKey('stranger');
const trust = (threshold: number): SiteTrust => ({
  site: 'accel-ctl',
  bundleKeys: [a, b, c].map(toPublicKey),
  threshold,
  nixKeys: [],
});

function refusedRule(fn: () => unknown): BundleRefusal {
  try {
    fn();
  } catch (err) {
    if (err instanceof BundleRefusal) return err;
    throw err;
  }
  throw new Error('not refused');
}

describe('the signature file', () => {
  it('reads one NAME:BASE64 a line, ignoring blank lines, CRs and surrounding spaces', () => {
    const text = `\n${signDetached(a, manifest)}\r\n\n  ${signDetached(b, manifest)}  \n\n`;
    expect(parseSignatureLines(text).map((l) => l.keyName)).toEqual(['site-a', 'site-b']);
  });

  it('refuses a key name twice, even with two different signatures', () => {
    const other = Buffer.from('other');
    const r = refusedRule(() => parseSignatureLines(`${signDetached(a, manifest)}\n${signDetached(a, other)}\n`));
    expect(r.rule).toBe(2);
    expect(r.reason).toMatch(/two signatures by key 'site-a'/);
  });

  it('refuses a line that is no signature', () => {
    const r = refusedRule(() => parseSignatureLines(`${signDetached(a, manifest)}\nsite-b:bm90IGEgc2lnbmF0dXJl\n`));
    expect(r.rule).toBe(2);
    expect(r.reason).toMatch(/line 2 is not a signature/);
  });
});

describe('evaluation against the site', () => {
  it('counts valid trusted signatures, reports unknown signers and invalid ones', () => {
    const lines = parseSignatureLines(
      [signDetached(a, manifest), signDetached(stranger, manifest), signDetached(b, Buffer.from('something else'))].join('\n'),
    );
    const e = evaluateSignatures(manifest, lines, trust(1).bundleKeys);
    expect(e.valid).toEqual(['site-a']);
    expect(e.unknown).toEqual(['stranger']);
    expect(e.invalid).toEqual(['site-b']);
    expect(e.signers).toEqual([
      { keyName: 'site-a', status: 'valid' },
      { keyName: 'stranger', status: 'unknown-key' },
      { keyName: 'site-b', status: 'invalid' },
    ]);
    expect(() => requireThreshold(e, trust(1))).not.toThrow();
    const r = refusedRule(() => requireThreshold(e, trust(2)));
    expect(r.rule).toBe(2);
    expect(r.reason).toMatch(
      /only 1 valid signature .*requires 2.*'site-b' does not match the manifest.*'stranger', which the site does not trust/,
    );
  });

  it('accepts k of k, and a signature made by real Nix tools with a Nix-made key', () => {
    const nixSecret = nix(['nix', 'key', 'generate-secret', '--key-name', 'nix-made']);
    const nixKey = parseSecretKey(nixSecret);
    const text = addSignatureLine(addSignatureLine(`${signDetached(a, manifest)}\n`, manifest, b), manifest, nixKey);
    const site: SiteTrust = { ...trust(3), bundleKeys: [a, b, nixKey].map(toPublicKey) };
    const e = evaluateSignatures(manifest, parseSignatureLines(text), site.bundleKeys);
    expect(e.valid).toEqual(['site-a', 'site-b', 'nix-made']);
    expect(() => requireThreshold(e, site)).not.toThrow();
  });
});

describe('adding a signer', () => {
  it('appends one line and refuses a second line for the same key name', () => {
    const first = `${signDetached(a, manifest)}\n`;
    const second = addSignatureLine(first, manifest, b);
    expect(second.startsWith(first)).toBe(true);
    expect(second.trim().split('\n')).toHaveLength(2);
    const r = refusedRule(() => addSignatureLine(second, manifest, b));
    expect(r.reason).toMatch(/already has a signature by key 'site-b'/);
  });
});
