// What a medium holds, on real folders: an offline cache, bundle folders at the
// top or one level down, and broken ones reported rather than thrown.
import { describe, expect, it } from 'vitest';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../../helpers/tmp';
import { scanMediumContents } from '../../../../src/main/core/media/medium-contents';
import { findMedia } from '../../../../src/main/core/media/find-media';
import { manifestJson, writeBundle, writeOfflineCache } from './medium-fixture';

const work = tempDir();

function medium(name: string): string {
  const dir = join(work, name);
  mkdirSync(dir);
  return dir;
}

describe('scanMediumContents', () => {
  const stick = medium('stick');
  writeOfflineCache(stick, [
    ['accel-ctl', 41],
    ['accel-ctl', 40],
  ]);
  writeFileSync(join(stick, 'airlock', 'bundles', 'README'), 'not a manifest');
  writeBundle(join(stick, 'accel-ctl-42.airlock'), 'accel-ctl', 42);
  writeBundle(join(stick, 'transfer', 'accel-ctl-43.airlock'), 'accel-ctl', 43);
  writeBundle(join(stick, 'a', 'b', 'accel-ctl-44.airlock'), 'accel-ctl', 44);
  mkdirSync(join(stick, 'half.airlock'));
  mkdirSync(join(stick, 'bad.airlock'));
  writeFileSync(join(stick, 'bad.airlock', 'airlock-bundle.json'), '{"format": "airlock-bundle/1",\n  "site": ');
  mkdirSync(join(stick, 'later.airlock'));
  writeFileSync(join(stick, 'later.airlock', 'airlock-bundle.json'), manifestJson('accel-ctl', 45, { format: 'airlock-bundle/3' }));
  const elsewhere = writeBundle(join(work, 'elsewhere', 'accel-ctl-46.airlock'), 'accel-ctl', 46);
  symlinkSync(elsewhere, join(stick, 'linked.airlock'));
  mkdirSync(join(stick, 'sneaky.airlock'));
  symlinkSync(join(elsewhere, 'airlock-bundle.json'), join(stick, 'sneaky.airlock', 'airlock-bundle.json'));
  writeFileSync(join(stick, 'notes.airlock'), 'a file, not a bundle');

  it('finds the cache and the manifests it has accepted', async () => {
    const { cache } = await scanMediumContents(stick);
    expect(cache).toEqual({
      path: join(stick, 'airlock'),
      accepted: [
        { site: 'accel-ctl', sequence: 40 },
        { site: 'accel-ctl', sequence: 41 },
      ],
    });
  });

  it('finds bundles at the top and one folder down, not deeper, and never through a symlink', async () => {
    const { bundles } = await scanMediumContents(stick);
    expect(bundles.map((b) => b.folder)).toEqual([join(stick, 'accel-ctl-42.airlock'), join(stick, 'transfer', 'accel-ctl-43.airlock')]);
    expect(bundles[0]).toEqual({
      folder: join(stick, 'accel-ctl-42.airlock'),
      site: 'accel-ctl',
      sequence: 42,
      created: '2026-11-20T10:00:00Z',
      expires: '2027-02-18T00:00:00Z',
      description: 'Weekly update: linux 6.6.58',
      systems: [{ host: 'plc1', action: 'switch' }],
    });
  });

  it('reports each broken bundle in one line instead of failing the listing', async () => {
    const { brokenBundles } = await scanMediumContents(stick);
    expect(brokenBundles.map((b) => [b.folder.slice(stick.length + 1), b.problem])).toEqual([
      ['bad.airlock', expect.stringMatching(/^airlock-bundle\.json cannot be read as JSON \([^\n]+\)$/)],
      ['half.airlock', 'no airlock-bundle.json (an unfinished copy?)'],
      ['later.airlock', expect.stringMatching(/not an Airlock format 1 or 2 manifest \(format: /)],
      ['sneaky.airlock', 'airlock-bundle.json is not a regular file'],
    ]);
  });

  it('sees no cache where nix-cache-info is missing, and nothing on an empty medium', async () => {
    const empty = medium('empty');
    mkdirSync(join(empty, 'airlock', 'cache'), { recursive: true });
    expect(await scanMediumContents(empty)).toEqual({ cache: null, bundles: [], brokenBundles: [] });
    expect(await scanMediumContents(join(work, 'gone'))).toEqual({ cache: null, bundles: [], brokenBundles: [] });
  });

  it('findMedia lists a named root with its space and contents, and drops a root that is not there', async () => {
    const media = await findMedia({ roots: [stick, join(work, 'not-mounted')] });
    const found = media.find((m) => m.mountPoint === stick);
    expect(media.some((m) => m.mountPoint === join(work, 'not-mounted'))).toBe(false);
    expect(found?.origin).toBe('configured');
    expect(found?.bundles).toHaveLength(2);
    expect(found?.freeBytes).toBeGreaterThan(0);
    expect(found?.totalBytes).toBeGreaterThanOrEqual(found?.freeBytes ?? Infinity);
  });
});
