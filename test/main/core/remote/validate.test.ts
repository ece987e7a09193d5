// Host fields are refused unless they have the narrow shape ssh can take
// literally: every injection attempt, in every field, with the field named.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  InvalidHostField,
  validateAddress,
  validateHostName,
  validateIdentityFile,
  validatePort,
  validateTag,
  validateUser,
} from '../../../../src/main/core/remote/validate';
import { tempDir } from '../../../helpers/tmp';

const tmp = tempDir('airlock-validate-');
const EVIL = [
  '-oProxyCommand=touch /tmp/x',
  'a;b',
  '$(touch /tmp/x)',
  '`touch /tmp/x`',
  'a\nb',
  "a'b",
  'a"b',
  'a?b',
  'a*b',
  'a%b',
  'a|b',
  'a&b',
  'a<b',
  'a>b',
  'a b',
  'a\tb',
  '',
  'a$b',
  'a\\b',
];

const CHECKS = [
  ['name', validateHostName],
  ['address', validateAddress],
  ['user', validateUser],
  ['port', validatePort],
  ['tag', validateTag],
] as const;

function fieldOf(check: () => unknown): string | undefined {
  try {
    check();
    return undefined;
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidHostField);
    return (err as InvalidHostField).field;
  }
}

describe('host field validation', () => {
  it.each(CHECKS)('refuses every injection attempt as %s, naming the field', (field, check) => {
    for (const bad of EVIL)
      expect(
        fieldOf(() => check(bad)),
        JSON.stringify(bad),
      ).toBe(field);
  });

  it('accepts the shapes hosts really have', () => {
    expect(validateHostName('ctl-01.rack_a')).toBe('ctl-01.rack_a');
    for (const address of ['127.0.0.1', 'ctl01.site.example', 'ctl01', '::1', 'fd00::12:1', 'host.example.'])
      expect(validateAddress(address)).toBe(address);
    expect(validateUser('deploy_op-1')).toBe('deploy_op-1');
    expect([validatePort('22'), validatePort('65535'), validatePort('1')]).toEqual([22, 65535, 1]);
    expect(validateTag('rack-a')).toBe('rack-a');
  });

  it('refuses near misses with a message naming the field and the value', () => {
    expect(() => validateHostName('x'.repeat(64))).toThrow(/^host name "x+" must/);
    expect(() => validateHostName('.hidden')).toThrow(/host name/);
    expect(() => validateAddress('fe80::1%eth0')).toThrow(/^address "fe80::1%eth0"/);
    expect(() => validateAddress('-host')).toThrow(/address/);
    expect(() => validateAddress('a..b')).toThrow(/address/);
    expect(() => validateUser('Root')).toThrow(/^user "Root"/);
    for (const port of ['0', '65536', '-1', '22.0', '0x16', ' 22']) expect(() => validatePort(port)).toThrow(/^port .* from 1 to 65535/);
    expect(() => validateTag('Rack')).toThrow(/^tag "Rack"/);
  });

  it('takes an identity file that exists, as an absolute path', () => {
    const key = join(tmp, 'id_ed25519');
    writeFileSync(key, 'key');
    expect(validateIdentityFile(key)).toBe(key);
    expect(fieldOf(() => validateIdentityFile(join(tmp, 'missing')))).toBe('identity');
    expect(fieldOf(() => validateIdentityFile(tmp))).toBe('identity');
  });
});
