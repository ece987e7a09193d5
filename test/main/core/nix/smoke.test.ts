import { describe, expect, it } from 'vitest';
import { buildStorePath, nixBytes, nix } from '../../../helpers/real-nix';
import { dumpNar } from '../../../../src/main/core/nix/nar-writer';
import { hashPath } from '../../../../src/main/core/nix/nar-hash';
import { formatHash } from '../../../../src/main/core/nix/hash';

describe('smoke', () => {
  it('dumps like nix', async () => {
    const p = buildStorePath('smoke', '/bin/mkdir -p $out/a && /bin/echo hi > $out/a/f && /bin/ln -s f $out/a/l');
    const chunks: Buffer[] = [];
    for await (const c of dumpNar(p)) chunks.push(c);
    expect(Buffer.concat(chunks).equals(nixBytes(['nix-store', '--dump', p]))).toBe(true);
    const { narHash } = await hashPath(p);
    expect(formatHash(narHash)).toBe('sha256:' + nix(['nix-hash', '--type', 'sha256', '--base32', p]).trim());
  });
});
