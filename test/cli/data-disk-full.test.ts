// A full disk under the data folder: SQLite says only "disk I/O error" (or
// "database or disk is full"); the operator must read which disk is full, what
// needs the space, and that nothing was changed. The data folder lives on a
// tmpfs of 1 MiB, filled up before the command runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { airlock } from '../helpers/run-cli';
import { tempDir } from '../helpers/tmp';
import { formatPublicKey } from '../../src/main/core/nix/signing';
import { keyPair } from '../helpers/site-db';

const work = tempDir();
const disk = join(work, 'small-disk');
const dataDir = join(disk, 'data');
const filler = join(disk, 'filler');
const key = join(work, 'build-1.pub');

function fill(): void {
  // Chunk by chunk until ENOSPC: the disk is then full to the last block.
  const chunk = Buffer.alloc(64 * 1024, 1);
  for (let i = 0; ; i++) {
    try {
      writeFileSync(filler, chunk, { flag: 'a' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOSPC') return;
      throw err;
    }
    if (i > 1000) throw new Error('the small disk never filled');
  }
}

beforeAll(() => {
  if (process.getuid?.() !== 0) throw new Error('this test mounts a tmpfs and must run as root');
  writeFileSync(key, `${formatPublicKey(keyPair('build-1').publicKey)}\n`);
  mkdirSync(disk);
  const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', disk]);
  if (m.status !== 0) throw new Error(`mount: ${m.stderr.toString()}`);
  mkdirSync(dataDir);
});
afterAll(() => {
  spawnSync('umount', [disk]);
});

describe('a full disk under the data folder', () => {
  it('says which disk is full, that the site database needs the space, and that nothing was changed', () => {
    fill();
    const r = airlock(['site', 'init', '--name', 'accel-ctl', '--trust', key, '--data-dir', dataDir]);
    expect(r.status).toBe(1);
    expect(r.stderr).not.toMatch(/disk I\/O error/);
    expect(r.stderr).toContain(
      `airlock: the disk holding the data folder ${dataDir} is full: the site database (${join(dataDir, 'airlock.db')}) needs space`,
    );
    expect(r.stderr).toMatch(/The site database was not changed\. Free space on that disk/);
    // Space freed, the same command works, from nothing.
    rmSync(filler);
    expect(airlock(['site', 'init', '--name', 'accel-ctl', '--trust', key, '--data-dir', dataDir]).status).toBe(0);
  });
});
