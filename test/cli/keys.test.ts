// `airlock keys generate`: keys that real Nix signs and verifies with.
import { describe, expect, it } from 'vitest';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { airlock } from '../helpers/run-cli';
import { tempDir } from '../helpers/tmp';
import { nix } from '../helpers/real-nix';
import { buildLinkedPaths, nixCopyFromCacheRequiringSigs, nixCopyToCache, nixSignCache } from '../helpers/nix-binary-cache';

const work = tempDir();

describe('airlock keys generate', () => {
  it('writes a key pair that Nix uses to sign a cache and then trusts', () => {
    const secret = join(work, 'build.sec');
    const pub = join(work, 'build.pub');
    const r = airlock(['keys', 'generate', '--name', 'accel-build-1', '--secret-key', secret, '--public-key', pub]);
    expect(r.status, r.stderr).toBe(0);
    const publicKey = readFileSync(pub, 'utf8').trim();
    expect(r.text.trim()).toBe(publicKey);
    expect(publicKey).toMatch(/^accel-build-1:[A-Za-z0-9+/]{43}=$/);
    expect(statSync(secret).mode & 0o777).toBe(0o600);
    // Nix derives the same public key from Airlock's secret key.
    expect(nix(['nix', 'key', 'convert-secret-to-public'], { input: readFileSync(secret) }).trim()).toBe(publicKey);
    // Nix signs with it, and a store that requires signatures by it accepts the paths.
    const { leaf, mid, top } = buildLinkedPaths();
    const cache = nixCopyToCache(join(work, 'cache'), [top], 'zstd');
    nixSignCache(cache, secret, [leaf, mid, top]);
    expect(() => nixCopyFromCacheRequiringSigs(cache, join(work, 'root-ok'), publicKey, [top])).not.toThrow();
    const other = join(work, 'other.pub');
    expect(airlock(['keys', 'generate', '--name', 'other', '--secret-key', join(work, 'o.sec'), '--public-key', other]).status).toBe(0);
    expect(() => nixCopyFromCacheRequiringSigs(cache, join(work, 'root-bad'), readFileSync(other, 'utf8').trim(), [top])).toThrow(
      /signature/,
    );
  });

  it('never overwrites an existing key file', () => {
    const secret = join(work, 'exists.sec');
    writeFileSync(secret, 'precious');
    const r = airlock(['keys', 'generate', '--name', 'x', '--secret-key', secret, '--public-key', join(work, 'x.pub')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^airlock: .*already exists/);
    expect(readFileSync(secret, 'utf8')).toBe('precious');
  });

  it('refuses a key name Nix could not use, as a usage error', () => {
    const r = airlock(['keys', 'generate', '--name', 'bad:name', '--secret-key', join(work, 'b.sec'), '--public-key', join(work, 'b.pub')]);
    expect(r.status).toBe(2);
    expect(airlock(['keys', 'generate', '--name', 'y']).status).toBe(2);
  });
});
