// Durable writes: unfinished files can never be mistaken for finished ones.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { partialPathFor, PARTIAL_PREFIX, writeFileDurably, writeFilesDurably } from '../../../../src/main/core/files/durable-write';
import { tempDir } from '../../../helpers/tmp';

const work = tempDir();

describe('durable writes', () => {
  it('write unfinished files under names no reader of *.narinfo or *.json would pick up', () => {
    for (const target of ['/m/airlock/cache/abc.narinfo', '/m/airlock/bundles/accel-ctl-4.json', `/m/${'x'.repeat(255)}`]) {
      const partial = partialPathFor(target);
      const name = partial.slice(partial.lastIndexOf('/') + 1);
      expect(name.startsWith(PARTIAL_PREFIX)).toBe(true);
      expect(name.endsWith('.tmp')).toBe(true);
      expect(name.length).toBeLessThanOrEqual(255);
    }
  });

  it('leave only the finished files behind', async () => {
    await writeFileDurably(join(work, 'one.json'), '{}');
    await writeFilesDurably([1, 2, 3].map((n) => ({ path: join(work, `${n}.narinfo`), data: `n${n}` })));
    expect(readdirSync(work).sort()).toEqual(['1.narinfo', '2.narinfo', '3.narinfo', 'one.json']);
    expect(readFileSync(join(work, '2.narinfo'), 'utf8')).toBe('n2');
  });
});
