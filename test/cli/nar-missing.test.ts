// `airlock nar …` given a path that is not there: one `airlock:` line saying
// so (exit 1), never a raw ENOENT, and nothing written.
import { existsSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nix } from '../helpers/real-nix';
import { airlock } from '../helpers/run-cli';
import { tempDir } from '../helpers/tmp';

const work = tempDir();

describe('a path that does not exist', () => {
  it.each([
    ['hash', ['nar', 'hash', '/missing/path'], 'airlock: /missing/path does not exist; nothing was read\n'],
    ['dump', ['nar', 'dump', '/missing/path'], 'airlock: /missing/path does not exist; nothing was read\n'],
    ['ls', ['nar', 'ls', '/missing/x.nar'], 'airlock: /missing/x.nar does not exist; give the path of a .nar file\n'],
    [
      'restore',
      ['nar', 'restore', '/missing/x.nar', join(work, 'out')],
      'airlock: /missing/x.nar does not exist; give the path of a .nar file\n',
    ],
  ])('nar %s says so in words, with exit 1', (_, args, stderr) => {
    const r = airlock(args);
    expect([r.status, r.stderr, r.text]).toEqual([1, stderr, '']);
  });

  it('nar ls of a folder says it is a folder, not a NAR', () => {
    expect(airlock(['nar', 'ls', work]).stderr).toBe(`airlock: ${work} is a folder, not a .nar file\n`);
  });

  it('nar restore into a folder that does not exist names that folder and writes nothing', () => {
    const file = join(work, 'f');
    writeFileSync(file, 'hello\n');
    const nar = join(work, 'f.nar');
    writeFileSync(nar, airlock(['nar', 'dump', file]).stdout);
    const r = airlock(['nar', 'restore', nar, join(work, 'typo', 'out')]);
    expect([r.status, r.stderr]).toEqual([
      1,
      `airlock: cannot restore into ${join(work, 'typo', 'out')}: the folder ${join(work, 'typo')} does not exist; nothing was written\n`,
    ]);
    expect(existsSync(join(work, 'typo'))).toBe(false);
  });

  it('a dangling symlink is there: archived as it is, as nix-hash does', () => {
    const link = join(work, 'dangling');
    symlinkSync('/nonexistent/target', link);
    const r = airlock(['nar', 'hash', link]);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.text.trim()).toBe(`sha256:${nix(['nix-hash', '--type', 'sha256', '--base32', link]).trim()}`);
  });
});
