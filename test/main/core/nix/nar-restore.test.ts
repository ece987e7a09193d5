// restoreNar against hostile NARs (nothing may be written anywhere, not even a
// half tree or a staging folder) and against real `nix-store --dump` output of
// the shared corpus (the restored tree must hash, by real Nix, to the NarHash
// Nix recorded for the store path).
import { createHash } from 'node:crypto';
import {
  createReadStream,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { NarFormatError } from '../../../../src/main/core/nix/nar-reader';
import { restoreNar, type RestoreResult } from '../../../../src/main/core/nix/nar-restore';
import { formatHash } from '../../../../src/main/core/nix/hash';
import { buildNarCorpus, CORPUS_SPACED_NAME, CORPUS_UNICODE_NAME, type CorpusPath } from '../../../helpers/nar-corpus';
import { chunked, dir, file, malformedNars, narOf, nested } from '../../../helpers/nar-builder';
import { nix, nixBytes } from '../../../helpers/real-nix';
import { tempDir } from '../../../helpers/tmp';

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * Every name under `root` (not following symlinks), with its type, permission
 * bits, size, and contents hash or link target: two equal listings mean nothing
 * was added, removed or changed.
 */
function listing(root: string): string[] {
  const out: string[] = [];
  const visit = (abs: string, rel: string): void => {
    for (const name of readdirSync(abs).sort()) {
      const path = join(abs, name);
      const relPath = rel ? `${rel}/${name}` : name;
      const st = lstatSync(path);
      const mode = (st.mode & 0o7777).toString(8);
      if (st.isSymbolicLink()) out.push(`${relPath} symlink -> ${readlinkSync(path)}`);
      else if (st.isFile()) out.push(`${relPath} file ${mode} ${st.size} ${sha(readFileSync(path))}`);
      else if (st.isDirectory()) {
        out.push(`${relPath} dir ${mode}`);
        visit(path, relPath);
      } else out.push(`${relPath} other`);
    }
  };
  visit(root, '');
  return out;
}

/** A listing with permission bits cut down to what a NAR carries: the owner's execute bit (the store is read-only, a restore is not). */
function portable(lines: string[]): string[] {
  return lines.map((l) =>
    l.replace(/ (file|dir) ([0-7]+)/, (_m, kind: string, mode: string) => ` ${kind} x=${(parseInt(mode, 8) & 0o100) !== 0}`),
  );
}

/**
 * A fresh folder holding things a hostile NAR might aim at: `outside/` (where
 * escaping symlinks point), a file, and a symlink. The restore target is
 * `<dir>/out`, which does not exist yet.
 */
function sandbox(parent: string): { dir: string; outside: string; target: string } {
  const dir = mkdtempSync(join(parent, 'case-'));
  const outside = join(dir, 'outside');
  mkdirSync(join(outside, 'sub'), { recursive: true });
  writeFileSync(join(outside, 'keep.txt'), 'sentinel\n');
  writeFileSync(join(dir, 'pwned'), 'an existing file a NAR might try to overwrite\n');
  symlinkSync('outside', join(dir, 'outside-link'));
  return { dir, outside, target: join(dir, 'out') };
}

/** Restores and returns the error it must fail with. */
async function failedRestore(source: AsyncIterable<Uint8Array>, target: string, expectedSize?: number): Promise<Error> {
  let result: RestoreResult | undefined;
  try {
    result = await restoreNar(source, target, expectedSize === undefined ? {} : { expectedSize });
  } catch (err) {
    expect(err).toBeInstanceOf(Error);
    return err as Error;
  }
  throw new Error(`restoreNar accepted a malformed NAR (${formatHash(result.narHash)})`);
}

describe('restoreNar refuses malformed NARs and writes nothing', () => {
  const parent = tempDir('airlock-restore-bad-');
  // One throwaway sandbox only to learn where `outside` will be: every case gets its own.
  const cases = malformedNars(join(parent, 'placeholder'));

  for (const [index, { name }] of cases.entries()) {
    it(`refuses ${name}`, async () => {
      const box = sandbox(parent);
      // Aim this case's escape attempts at this sandbox's `outside`.
      const bad = malformedNars(box.outside)[index];
      if (!bad) throw new Error('catalogue changed length');
      const before = listing(box.dir);
      const err = await failedRestore(chunked(bad.bytes, 7), box.target, bad.sized ? bad.bytes.length : undefined);
      expect(err).toBeInstanceOf(NarFormatError);
      expect((err as NarFormatError).problem).toMatch(bad.problem);
      expect(err.message).toMatch(bad.problem);
      // Nothing added, removed or changed: no target, no `.out.partial-*`, nothing under outside/.
      expect(listing(box.dir)).toEqual(before);
      expect(() => lstatSync(box.target)).toThrow(/ENOENT/);
      if (bad.fixed) {
        // The same NAR without the flaw restores, so it was the flaw that was refused.
        const fixed = sandbox(parent);
        await expect(restoreNar(chunked(bad.fixed), fixed.target)).resolves.toMatchObject({ narSize: bad.fixed.length });
        expect(lstatSync(fixed.target)).toBeDefined();
      }
    });
  }

  it('restores directories nested exactly 256 deep', async () => {
    const box = sandbox(parent);
    await restoreNar(chunked(narOf(nested(256, file('bottom')))), box.target);
    expect(readFileSync(join(box.target, ...new Array<string>(256).fill('d')), 'utf8')).toBe('bottom');
  });

  it('leaves nothing behind when a file system error stops the restore part way', async () => {
    // A name of 255 bytes is valid NAR, but 256 of them nested overflow PATH_MAX: the restore fails after writing some.
    const box = sandbox(parent);
    const long = 'x'.repeat(255);
    let node = file('deep');
    for (let i = 0; i < 20; i++) node = dir(['early', file('written before the failure')], [long, node]);
    const before = listing(box.dir);
    const err = await failedRestore(chunked(narOf(node), 4096), box.target);
    expect(err.message).toMatch(/ENAMETOOLONG/);
    expect(listing(box.dir)).toEqual(before);
  });
});

describe('restoreNar refuses a NAR cut short', () => {
  let corpus: CorpusPath[] = [];
  beforeAll(() => {
    corpus = buildNarCorpus();
  });

  it('refuses the real NAR cut at every 512-byte boundary, leaving nothing behind', async () => {
    const special = corpus.find((p) => p.name === 'special-name');
    if (!special) throw new Error('no special-name corpus path');
    const bytes = nixBytes(['nix-store', '--dump', special.path]);
    expect(bytes.length).toBeGreaterThan(16 * 1024);
    const box = sandbox(tempDir('airlock-restore-cut-'));
    const before = listing(box.dir);
    let refused = 0;
    for (let at = 0; at < bytes.length; at += 512) {
      const err = await failedRestore(chunked(bytes.subarray(0, at), 512), box.target);
      expect(err, `cut at ${at}`).toBeInstanceOf(NarFormatError);
      expect(err.message, `cut at ${at}`).toMatch(/the NAR ends (in the middle of|inside a file)/);
      expect(listing(box.dir), `cut at ${at}`).toEqual(before);
      refused++;
    }
    expect(refused).toBe(Math.ceil(bytes.length / 512));
    // And the whole NAR restores in the same place, so the cuts were what was refused.
    await restoreNar(chunked(bytes, 512), box.target);
    expect(portable(listing(box.target))).toEqual(portable(listing(special.path)));
  });
});

describe('restoreNar refuses a target that exists', () => {
  const parent = tempDir('airlock-restore-exists-');
  const nar = narOf(dir(['new', file('from the NAR')]));

  const cases: [string, (target: string) => void][] = [
    [
      'a folder',
      (t) => {
        mkdirSync(t);
        writeFileSync(join(t, 'old'), 'already here');
      },
    ],
    ['an empty folder', (t) => mkdirSync(t)],
    ['a file', (t) => writeFileSync(t, 'already here')],
    ['a dangling symlink', (t) => symlinkSync('nowhere', t)],
    ['a symlink to a folder', (t) => symlinkSync('outside', t)],
  ];
  for (const [what, make] of cases) {
    it(`refuses when the target is ${what}, and leaves it untouched`, async () => {
      const box = sandbox(parent);
      make(box.target);
      const before = listing(box.dir);
      const err = await failedRestore(chunked(nar), box.target);
      expect(err.message).toMatch(/already exists/);
      expect(listing(box.dir)).toEqual(before);
    });
  }

  it('restores into a target whose name is as long as a file name can be', async () => {
    // The staging folder's name is built from the target's: it must still fit in NAME_MAX (255 bytes).
    const box = sandbox(parent);
    for (const name of ['a'.repeat(255), 'é'.repeat(127), `${'x'.repeat(32)}-${'n'.repeat(211)}`]) {
      const target = join(box.dir, name);
      await restoreNar(chunked(nar), target);
      expect(readFileSync(join(target, 'new'), 'utf8')).toBe('from the NAR');
    }
    expect(readdirSync(box.dir).filter((n) => n.includes('.partial-'))).toEqual([]);
  });

  it('refuses when the target appears while the NAR is being restored, and leaves both it and nothing else', async () => {
    const box = sandbox(parent);
    let withTheirs: string[] = [];
    async function* source(): AsyncGenerator<Uint8Array> {
      yield nar.subarray(0, 64);
      // Someone else creates the target while we are part way through.
      mkdirSync(box.target);
      writeFileSync(join(box.target, 'theirs'), 'not ours');
      withTheirs = listing(box.dir).filter((l) => !l.includes('.partial-'));
      yield nar.subarray(64);
    }
    const err = await failedRestore(source(), box.target);
    expect(err.message).toMatch(/appeared while the NAR was being restored/);
    expect(withTheirs).toContain('out/theirs file 644 8 ' + sha(Buffer.from('not ours')));
    // Their folder as they made it, and our staging folder gone.
    expect(listing(box.dir)).toEqual(withTheirs);
  });
});

describe('restoreNar on real NARs from nix-store --dump', () => {
  let corpus: CorpusPath[] = [];
  const parent = tempDir('airlock-restore-real-');
  beforeAll(() => {
    corpus = buildNarCorpus();
  });

  it('restores every corpus path to a tree real Nix hashes to the NarHash it recorded', async () => {
    expect(corpus.map((p) => p.name)).toEqual(['tree', 'big', 'single-file', 'special-name']);
    for (const p of corpus) {
      const dump = join(parent, `${p.name}.nar`);
      writeFileSync(dump, nixBytes(['nix-store', '--dump', p.path]));
      const narSize = Number(nix(['nix-store', '-q', '--size', p.path]).trim());
      const narHash = nix(['nix-store', '-q', '--hash', p.path]).trim();
      const target = join(parent, p.name);
      // Read from disk the way an import does: a file stream of 64 KiB chunks.
      const result = await restoreNar(createReadStream(dump), target, { expectedSize: narSize });
      expect(formatHash(result.narHash), p.name).toBe(narHash);
      expect(result.narSize, p.name).toBe(narSize);
      expect(`sha256:${nix(['nix-hash', '--type', 'sha256', '--base32', target]).trim()}`, p.name).toBe(narHash);
      // Type, contents, owner execute bit and link targets, name by name (listing ignores the store's read-only bits).
      if (lstatSync(p.path).isDirectory()) expect(portable(listing(target)), p.name).toEqual(portable(listing(p.path)));
      else expect(readFileSync(target).equals(readFileSync(p.path)), p.name).toBe(true);
      // No staging folder is left beside the target.
      expect(readdirSync(parent).filter((n) => n.includes('.partial-'))).toEqual([]);
    }
  });

  it('keeps executable bits, symlink targets and unusual names', async () => {
    const tree = corpus.find((p) => p.name === 'tree');
    if (!tree) throw new Error('no tree corpus path');
    const target = join(parent, 'tree-again');
    await restoreNar(chunked(nixBytes(['nix-store', '--dump', tree.path]), 1000), target);
    const exec = (rel: string): boolean => (lstatSync(join(target, rel)).mode & 0o100) !== 0;
    expect(exec('bin/run')).toBe(true);
    expect(exec('bin/empty-exec')).toBe(true);
    expect(exec('empty-file')).toBe(false);
    expect(exec('eight-bytes')).toBe(false);
    expect(readlinkSync(join(target, 'links/relative'))).toBe('../bin/run');
    expect(readlinkSync(join(target, 'links/absolute'))).toBe('/bin/sh');
    expect(readlinkSync(join(target, 'links/dangling'))).toBe('../does/not/exist');
    expect(lstatSync(join(target, 'links/to-dir')).isSymbolicLink()).toBe(true);
    expect(readdirSync(join(target, 'empty-dir'))).toEqual([]);
    expect(lstatSync(join(target, 'empty-file')).size).toBe(0);
    expect(readFileSync(join(target, CORPUS_SPACED_NAME), 'utf8')).toBe('spaces\n');
    expect(readFileSync(join(target, CORPUS_UNICODE_NAME), 'utf8')).toBe('unicode\n');
    expect(readdirSync(target, { encoding: 'buffer' }).some((n) => n.equals(Buffer.from(CORPUS_UNICODE_NAME, 'utf8')))).toBe(true);
    expect(readFileSync(join(target, 'deep/d1/d2/d3/d4/d5/d6/d7/d8/d9/d10/leaf.txt'), 'utf8')).toBe('leaf at depth ten\n');
  });

  it('restores a store path that is a single file to a file, and its name with + = ? to a path of that name', async () => {
    const single = corpus.find((p) => p.name === 'single-file');
    const special = corpus.find((p) => p.name === 'special-name');
    if (!single || !special) throw new Error('corpus incomplete');
    const fileTarget = join(parent, 'single');
    await restoreNar(chunked(nixBytes(['nix-store', '--dump', single.path])), fileTarget);
    expect(lstatSync(fileTarget).isFile()).toBe(true);
    expect(readFileSync(fileTarget).equals(readFileSync(single.path))).toBe(true);
    const base = special.path.split('/').at(-1) ?? '';
    expect(base).toMatch(/\+\+=x\?y$/);
    const specialTarget = join(parent, base);
    const result = await restoreNar(chunked(nixBytes(['nix-store', '--dump', special.path])), specialTarget);
    expect(formatHash(result.narHash)).toBe(nix(['nix-store', '-q', '--hash', special.path]).trim());
    expect(`sha256:${nix(['nix-hash', '--type', 'sha256', '--base32', specialTarget]).trim()}`).toBe(formatHash(result.narHash));
  });
});
