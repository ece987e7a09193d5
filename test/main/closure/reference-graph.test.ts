// The closure graph maths on graphs small enough to check by hand.
import { describe, expect, it } from 'vitest';
import { immediateDominators, matchPaths, uniqueSizes, whyChain, type ClosureNode } from '../../../src/main/core/closure/reference-graph';
import { parseDumpDb } from '../../../src/main/core/remote/closure-graph';

const graph = (edges: Record<string, [number, string[]]>): Map<string, ClosureNode> =>
  new Map(Object.entries(edges).map(([path, [narSize, references]]) => [path, { path, narSize, references }]));
const uniqueOf = (root: string, g: Map<string, ClosureNode>): Record<string, number> =>
  Object.fromEntries(uniqueSizes(root, g).map((p) => [p.path, p.uniqueSize]));

describe('unique sizes (dominator subtrees)', () => {
  it('a chain: every path dominates everything below it', () => {
    const g = graph({ top: [1, ['a']], a: [10, ['b']], b: [100, []] });
    expect(uniqueOf('top', g)).toEqual({ top: 111, a: 110, b: 100 });
    expect(whyChain('top', 'b', g)).toEqual(['top', 'a', 'b']);
  });

  it('a diamond: the shared bottom belongs to neither side, only to the top', () => {
    // top → left, right; left → bottom; right → bottom
    const g = graph({ top: [1, ['left', 'right']], left: [10, ['bottom']], right: [20, ['bottom']], bottom: [100, []] });
    expect(immediateDominators('top', g).get('bottom')).toBe('top');
    expect(uniqueOf('top', g)).toEqual({ top: 131, left: 10, right: 20, bottom: 100 });
    expect(whyChain('top', 'bottom', g)).toEqual(['top', 'left', 'bottom']);
  });

  it('shared deps: a library used by two apps is unique to neither; one used by one app counts in that app', () => {
    // top → app1, app2; app1 → libA, glibc; app2 → glibc; libA → glibc
    const g = graph({
      top: [1, ['app1', 'app2']],
      app1: [10, ['libA', 'glibc']],
      app2: [20, ['glibc']],
      libA: [5, ['glibc']],
      glibc: [1000, []],
    });
    expect(uniqueOf('top', g)).toEqual({ top: 1036, app1: 15, app2: 20, libA: 5, glibc: 1000 });
    expect(uniqueSizes('top', g).map((p) => p.path)).toEqual(['top', 'glibc', 'app2', 'app1', 'libA']);
    expect(whyChain('top', 'libA', g)).toEqual(['top', 'app1', 'libA']);
    // Shortest, not first-found: glibc is one step from app1 directly.
    expect(whyChain('top', 'glibc', g)).toEqual(['top', 'app1', 'glibc']);
  });

  it('a path reachable only through a dominated subgraph counts in its dominator, with cycles and self-references ignored', () => {
    // top → a → b → c, a → c, c → a (cycle, as Nix allows only via self-refs, but the maths must not loop), c → c
    const g = graph({ top: [1, ['a']], a: [2, ['b', 'c']], b: [4, ['c']], c: [8, ['a', 'c']] });
    expect(uniqueOf('top', g)).toEqual({ top: 15, a: 14, b: 4, c: 8 });
  });

  it('paths outside the closure are neither counted nor found', () => {
    const g = graph({ top: [1, ['a']], a: [2, []], stray: [50, []] });
    expect(uniqueOf('top', g)).toEqual({ top: 3, a: 2 });
    expect(whyChain('top', 'stray', g)).toBeUndefined();
  });
});

describe('matchPaths', () => {
  const g = graph({ '/nix/store/aaa-glibc-2.39': [1, []], '/nix/store/bbb-glibc-2.39-bin': [1, []], '/nix/store/ccc-bash-5.2': [1, []] });
  it('a fragment matches names after the hash; a full path matches itself', () => {
    expect(matchPaths('bash', g)).toEqual(['/nix/store/ccc-bash-5.2']);
    expect(matchPaths('glibc', g)).toHaveLength(2);
    expect(matchPaths('/nix/store/aaa-glibc-2.39', g)).toEqual(['/nix/store/aaa-glibc-2.39']);
    expect(matchPaths('aaa', g)).toEqual([]);
  });
});

describe('parseDumpDb', () => {
  it('reads path, size and references, with an empty deriver and a missing final newline', () => {
    const text = [
      '/nix/store/a-x',
      'hash',
      '10',
      '/nix/store/d-x.drv',
      '2',
      '/nix/store/a-x',
      '/nix/store/b-y',
      '/nix/store/b-y',
      'hash',
      '20',
      '',
      '0',
    ].join('\n');
    const nodes = parseDumpDb(text);
    expect(nodes.get('/nix/store/a-x')).toEqual({ path: '/nix/store/a-x', narSize: 10, references: ['/nix/store/b-y'] });
    expect(nodes.get('/nix/store/b-y')).toEqual({ path: '/nix/store/b-y', narSize: 20, references: [] });
  });
});
