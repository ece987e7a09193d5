// The store path name rule at its edges, against what real Nix computes.
// Airlock follows current Nix (src/libstore/path.cc `checkName`): leading dots
// are fine, only `.`, `..`, `.-…` and `..-…` are refused. The installed Nix 2.8
// predates that refusal, so for those four it is asked only to show that the
// divergence is the stricter side; for every other name both must agree.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseStorePath, parseStorePathBaseName, printStorePath } from '../../../../src/main/core/nix/store-path';
import { nix } from '../../../helpers/real-nix';
import { tempDir } from '../../../helpers/tmp';

const tmp = tempDir('airlock-store-names-');
const source = join(tmp, 'content');
writeFileSync(source, 'a source file\n');

/**
 * The store path Nix 2.8 would give `source` under `name`, or its error. A dry
 * run computes the path through the same `checkName` as `nix-store --add`
 * without writing to the store.
 */
function nixAddPath(name: string): { path?: string; error?: string } {
  try {
    const out = nix(['nix', 'store', 'add-path', '--dry-run', '--name', name, source], { stdio: ['ignore', 'pipe', 'pipe'] });
    return { path: out.trim() };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

const accepted = [
  '.envrc',
  '.gitignore',
  '...',
  '....',
  '.x',
  '..x',
  '...-x',
  '.x-1.0',
  '-foo',
  '-',
  '--',
  'a.-b',
  'c++=x?y_z',
  `.${'x'.repeat(210)}`,
];
const refusedByBoth: [name: string, reason: RegExp][] = [
  ['a b', /character outside/],
  ['a*', /character outside/],
  ['a!b', /character outside/],
  ['a,b', /character outside/],
  ['a~b', /character outside/],
  ["a'b", /character outside/],
  ['a:b', /character outside/],
  ['é', /character outside/],
  ['x'.repeat(212), /longer than 211/],
  [`.${'x'.repeat(211)}`, /longer than 211/],
];
// Current Nix refuses these; Nix 2.8 (installed here) still makes them.
const refusedByCurrentNix: [name: string, reason: RegExp][] = [
  ['.', /the name is '\.'/],
  ['..', /the name is '\.\.'/],
  ['.-x', /starts with '\.-'/],
  ['.-', /starts with '\.-'/],
  ['..-x', /starts with '\.\.-'/],
  ['..-', /starts with '\.\.-'/],
  ['..-1.0', /starts with '\.\.-'/],
];

describe('store path names', () => {
  it('accepts every name real Nix makes a path of, leading dots included, and prints it back unchanged', () => {
    for (const name of accepted) {
      const theirs = nixAddPath(name);
      expect(theirs.error, name).toBeUndefined();
      const path = theirs.path as string;
      expect(path.endsWith(`-${name}`), name).toBe(true);
      expect(printStorePath(parseStorePath(path)), name).toBe(path);
      expect(parseStorePath(path).name).toBe(name);
    }
  });

  it('refuses bad characters and names longer than 211, as real Nix does', () => {
    for (const [name, reason] of refusedByBoth) {
      expect(nixAddPath(name).error, name).toMatch(/illegal character|longer than 211/);
      expect(() => parseStorePathBaseName(`0kivcm41wzf3zanr1nxqbcsyyds4y363-${name}`), name).toThrow(reason);
    }
  });

  it("refuses '.', '..' and names starting '.-' or '..-' as current Nix does (the stricter side of Nix 2.8)", () => {
    for (const [name, reason] of refusedByCurrentNix) {
      const theirs = nixAddPath(name);
      expect(theirs.error, `Nix 2.8 makes ${name}`).toBeUndefined();
      expect(() => parseStorePath(theirs.path as string), name).toThrow(reason);
      expect(() => parseStorePath(theirs.path as string), name).toThrow(/is not a valid store path/);
    }
  });

  it('the 211-character limit counts the name only, leading dot included', () => {
    const hash = '0kivcm41wzf3zanr1nxqbcsyyds4y363';
    expect(parseStorePathBaseName(`${hash}-.${'x'.repeat(210)}`).name).toHaveLength(211);
    expect(() => parseStorePathBaseName(`${hash}-${'.'.repeat(212)}`)).toThrow(/longer than 211/);
    expect(parseStorePathBaseName(`${hash}-${'.'.repeat(211)}`).name).toHaveLength(211);
  });
});
