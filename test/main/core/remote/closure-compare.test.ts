// The pure half of the closure diff: store path names split as Nix's DrvName
// and diff-closures split them, and two closures grouped into packages added,
// removed and changed with their versions and size change.
import { describe, expect, it } from 'vitest';
import { packageOfPathName, splitDrvName } from '../../../../src/main/core/nix/drv-name';
import { compareClosures, type ClosurePath } from '../../../../src/main/core/remote/closure-diff';

const p = (name: string, narSize: number, hash = 'a'): ClosurePath => ({ path: `/nix/store/${hash.repeat(32)}-${name}`, narSize });

describe('splitDrvName (as libstore/names.cc)', () => {
  it.each([
    ['hello-2.12', 'hello', '2.12'],
    ['nixos-system-host1-24.05.1', 'nixos-system-host1', '24.05.1'],
    ['glibc-2.39-52', 'glibc', '2.39-52'],
    ['bash-5.2p32', 'bash', '5.2p32'],
    ['system-path', 'system-path', ''],
    ['etc', 'etc', ''],
    ['foo-', 'foo-', ''],
  ])('%s → %s / %s', (s, name, version) => {
    expect(splitDrvName(s)).toEqual({ name, version });
  });

  it('strips an output name first, as diff-closures does, so a kernel and its modules group together', () => {
    expect(packageOfPathName('linux-6.6.58-modules')).toEqual({ name: 'linux', version: '6.6.58' });
    expect(packageOfPathName('linux-6.6.58')).toEqual({ name: 'linux', version: '6.6.58' });
    expect(packageOfPathName('openssl-3.0.14-bin')).toEqual({ name: 'openssl', version: '3.0.14' });
    expect(packageOfPathName('glibc-2.39-52')).toEqual({ name: 'glibc', version: '2.39-52' });
  });
});

describe('compareClosures', () => {
  const from = [
    p('glibc-2.39-52', 100),
    p('linux-6.6.58', 1000),
    p('linux-6.6.58-modules', 500),
    p('old-tool-1.0', 40),
    p('etc', 10, 'b'),
    p('nixos-system-h-24.05.1', 5),
  ];
  const to = [
    p('glibc-2.39-52', 100),
    p('linux-6.6.59', 1100, 'c'),
    p('linux-6.6.59-modules', 520, 'c'),
    p('new-tool-2.1', 70),
    p('etc', 12, 'd'),
    p('nixos-system-h-24.05.2', 5, 'f'),
  ];

  it('lists added, removed and version-changed packages with both versions and size changes', () => {
    const d = compareClosures(from, to);
    expect(d.added).toEqual([{ name: 'new-tool', from: [], to: ['2.1'], sizeDelta: 70 }]);
    expect(d.removed).toEqual([{ name: 'old-tool', from: ['1.0'], to: [], sizeDelta: -40 }]);
    expect(d.changed).toEqual([
      { name: 'linux', from: ['6.6.58'], to: ['6.6.59'], sizeDelta: 120 },
      { name: 'nixos-system-h', from: ['24.05.1'], to: ['24.05.2'], sizeDelta: 0 },
    ]);
  });

  it('leaves out packages whose versions did not change (a rebuilt etc), but counts them in the closure sizes', () => {
    const d = compareClosures(from, to);
    expect([...d.added, ...d.removed, ...d.changed].map((c) => c.name)).not.toContain('etc');
    expect([d.fromBytes, d.toBytes]).toEqual([1655, 1807]);
  });

  it('orders versions numerically and finds nothing between a closure and itself', () => {
    const d = compareClosures([p('x-1.9', 1), p('x-1.10-dev', 1, 'b')], [p('x-1.11', 1)]);
    expect(d.changed[0]?.from).toEqual(['1.9', '1.10']);
    expect(compareClosures(from, from)).toMatchObject({ added: [], removed: [], changed: [] });
  });
});
