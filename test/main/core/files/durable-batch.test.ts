// Files made durable a batch at a time: a name is given only to a file that was
// flushed whole, a batch that cannot be placed is reported and leaves nothing
// partial, and discarding removes what was not yet placed.
import { describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DurableBatch } from '../../../../src/main/core/files/durable-batch';
import { partialPathFor } from '../../../../src/main/core/files/durable-write';
import { tempDir } from '../../../helpers/tmp';

const work = tempDir();

function folder(name: string): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Writes `data` under a partial name for `target`, as a worker does, and returns that name. */
function written(target: string, data: string): string {
  const partial = partialPathFor(target);
  writeFileSync(partial, data);
  return partial;
}

describe('a durable batch', () => {
  it('names each file only when its batch is placed, and every file by finish()', async () => {
    const dir = folder('placed');
    const batch = new DurableBatch(undefined, { files: 3, bytes: 1 << 30 });
    for (const n of [1, 2, 3, 4, 5]) batch.add(written(join(dir, `f${n}`), `data ${n}`), join(dir, `f${n}`), 6);
    await batch.finish();
    expect(readdirSync(dir).sort()).toEqual(['f1', 'f2', 'f3', 'f4', 'f5']);
    expect(readFileSync(join(dir, 'f4'), 'utf8')).toBe('data 4');
  });

  it('reports a batch it cannot place, names none of it, and leaves nothing partial', async () => {
    const dir = folder('failing');
    const failures: Error[] = [];
    const batch = new DurableBatch((err) => failures.push(err), { files: 2, bytes: 1 << 30 });
    const gone = written(join(dir, 'a'), 'a');
    rmSync(gone); // as if the medium lost it
    batch.add(gone, join(dir, 'a'), 1);
    batch.add(written(join(dir, 'b'), 'b'), join(dir, 'b'), 1);
    await expect(batch.finish()).rejects.toThrow(/ENOENT/);
    expect(failures).toHaveLength(1);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('discard() keeps what was placed and removes what was not', async () => {
    const dir = folder('discarded');
    const batch = new DurableBatch(undefined, { files: 2, bytes: 1 << 30 });
    for (const n of [1, 2, 3]) batch.add(written(join(dir, `f${n}`), `${n}`), join(dir, `f${n}`), 1);
    await batch.discard();
    expect(readdirSync(dir).sort()).toEqual(['f1', 'f2']);
  });
});
