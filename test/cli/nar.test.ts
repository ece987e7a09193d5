// `airlock nar …` against real Nix, on the corpus of real store paths.
import { beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildNarCorpus, type CorpusPath } from '../helpers/nar-corpus';
import { nix, nixBytes } from '../helpers/real-nix';
import { airlock } from '../helpers/run-cli';
import { tempDir } from '../helpers/tmp';

let corpus: CorpusPath[];
beforeAll(() => {
  corpus = buildNarCorpus();
});
const work = tempDir();

describe('airlock nar dump', () => {
  it('writes the same bytes as nix-store --dump for every corpus path', () => {
    for (const { name, path } of corpus) {
      const ours = airlock(['nar', 'dump', path]);
      expect(ours.status, ours.stderr).toBe(0);
      const theirs = nixBytes(['nix-store', '--dump', path]);
      expect(ours.stdout.length, name).toBe(theirs.length);
      expect(ours.stdout.equals(theirs), `${name}: NAR bytes differ from nix-store --dump`).toBe(true);
    }
  });

  it('refuses a path that does not exist, with exit 1 and a reason', () => {
    const r = airlock(['nar', 'dump', join(work, 'nope')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^airlock: .*does not exist/);
  });
});

describe('airlock nar hash', () => {
  it('prints what nix-hash --type sha256 --base32 prints, as sha256:<nix32>', () => {
    for (const { name, path } of corpus) {
      const ours = airlock(['nar', 'hash', path]);
      expect(ours.status, ours.stderr).toBe(0);
      const theirs = nix(['nix-hash', '--type', 'sha256', '--base32', path]).trim();
      expect(ours.text.trim(), name).toBe(`sha256:${theirs}`);
      expect(nix(['nix-store', '-q', '--hash', path]).trim()).toBe(ours.text.trim());
    }
  });
});

describe('airlock nar restore and ls', () => {
  it('restores NARs made by nix-store --dump to trees that Nix hashes the same', () => {
    for (const { name, path } of corpus) {
      const narFile = join(work, `${name}.nar`);
      writeFileSync(narFile, nixBytes(['nix-store', '--dump', path]));
      const target = join(work, `restored-${name}`);
      const r = airlock(['nar', 'restore', narFile, target]);
      expect(r.status, r.stderr).toBe(0);
      const restored = nix(['nix-hash', '--type', 'sha256', '--base32', target]).trim();
      expect(`sha256:${restored}`, name).toBe(nix(['nix-store', '-q', '--hash', path]).trim());
    }
  });

  it('refuses to restore over an existing path', () => {
    const narFile = join(work, 'tree.nar');
    const r = airlock(['nar', 'restore', narFile, join(work, 'restored-tree')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/already exists/);
  });

  it('lists every entry with its type, and --json gives the same entries', () => {
    const tree = corpus.find((c) => c.name === 'tree') as CorpusPath;
    const narFile = join(work, 'tree.nar');
    const human = airlock(['nar', 'ls', narFile]);
    expect(human.status, human.stderr).toBe(0);
    expect(human.text).toMatch(/^-r-xr-xr-x +\d+ \.\/bin\/run$/m);
    expect(human.text).toMatch(/^lrwxrwxrwx +0 \.\/links\/absolute -> \/bin\/sh$/m);
    const json = airlock(['nar', 'ls', narFile, '--json']);
    const entries = JSON.parse(json.text) as { path: string; type: string }[];
    const findCount = nix(['find', tree.path]).trim().split('\n').length;
    expect(entries.length).toBe(findCount);
    expect(human.text.trim().split('\n').length).toBe(findCount);
  });

  it('refuses a truncated NAR with exit 1 naming the problem', () => {
    const narFile = join(work, 'cut.nar');
    writeFileSync(narFile, nixBytes(['nix-store', '--dump', (corpus[0] as CorpusPath).path]).subarray(0, 200));
    const r = airlock(['nar', 'ls', narFile]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^airlock: malformed NAR at byte \d+/m);
  });
});

describe('usage', () => {
  it('exits 2 on an unknown command or option, and 0 with --help', () => {
    expect(airlock(['nar', 'frobnicate']).status).toBe(2);
    expect(airlock(['nar', 'hash', '--bogus', '/']).status).toBe(2);
    expect(airlock(['nar', 'hash']).status).toBe(2);
    const help = airlock(['--help']);
    expect(help.status).toBe(0);
    expect(help.text).toContain('airlock nar dump PATH');
  });
});
