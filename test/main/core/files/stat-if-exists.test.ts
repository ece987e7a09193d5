// Only "nothing there" is absent: a missing file, or a path through a file.
// Any other failure reaches the caller, so a failing stick is never mistaken
// for an empty one.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lstatIfExists, statIfExists } from '../../../../src/main/core/files/stat-if-exists';
import { tempDir } from '../../../helpers/tmp';

const dir = tempDir('airlock-stat-');
writeFileSync(join(dir, 'file'), 'x');
mkdirSync(join(dir, 'folder'));
symlinkSync('loop-b', join(dir, 'loop-a'));
symlinkSync('loop-a', join(dir, 'loop-b'));
symlinkSync('missing', join(dir, 'dangling'));

describe('statIfExists and lstatIfExists', () => {
  it('give the stats of what is there', async () => {
    expect((await statIfExists(join(dir, 'file')))?.isFile()).toBe(true);
    expect((await statIfExists(join(dir, 'folder')))?.isDirectory()).toBe(true);
    expect((await lstatIfExists(join(dir, 'dangling')))?.isSymbolicLink()).toBe(true);
  });

  it('say absent for a missing path (ENOENT) and a path through a file (ENOTDIR)', async () => {
    expect(await statIfExists(join(dir, 'nothing'))).toBeUndefined();
    expect(await statIfExists(join(dir, 'file', 'inside'))).toBeUndefined();
    expect(await lstatIfExists(join(dir, 'file', 'inside'))).toBeUndefined();
    expect(await statIfExists(join(dir, 'dangling'))).toBeUndefined();
  });

  it('throw any other failure instead of calling it absent (here ELOOP; on a failing stick EIO)', async () => {
    await expect(statIfExists(join(dir, 'loop-a'))).rejects.toMatchObject({ code: 'ELOOP' });
    await expect(statIfExists(join(dir, 'loop-a', 'x'))).rejects.toMatchObject({ code: 'ELOOP' });
  });
});
