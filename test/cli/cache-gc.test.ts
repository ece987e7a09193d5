// `airlock cache gc`: keeps the newest N bundles of each host and their whole
// closures, deletes the rest (narinfos, NARs, orphan NARs, manifests) only with
// --yes, audits it, refuses while an import is unfinished; afterwards the cache
// verifies and real Nix still copies the kept systems from it with require-sigs.
import { beforeAll, describe, expect, it } from 'vitest';
import { lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { airlock } from '../helpers/run-cli';
import { tempDir } from '../helpers/tmp';
import { buildStorePath, nix } from '../helpers/real-nix';
import { buildLinkedPaths, nixCopyFromCacheRequiringSigs } from '../helpers/nix-binary-cache';
import { snapshot } from '../helpers/bundle-forge';
import { cacheLayout } from '../../src/main/core/cache/cache-layout';
import { planCacheGc } from '../../src/main/core/cache/gc-plan';
import { parseNarInfo } from '../../src/main/core/nix/narinfo';

const work = tempDir();
const DATA = { AIRLOCK_DATA_DIR: join(work, 'data') };
const root = join(work, 'stick', 'airlock');
const run = (args: string[]) => airlock([...args, '--cache', root], DATA);
const keyFile = join(work, 'build.sec');
const pubFile = join(work, 'build.pub');
/**
 * plc1's systems A1..A3 and plc2's B1, B2; each references one shared leaf.
 * A1 also references S1 and A3 references S2: two paths with the same
 * contents, so one NAR file that gc must keep for S2 when S1 goes.
 */
const sys: Record<string, string> = {};
let leaf: string;

function importBundle(sequence: number, systems: readonly string[]): void {
  const out = join(work, `b${sequence}.airlock`);
  const specs = systems.flatMap((s) => ['--system', `${s.startsWith('A') ? 'plc1' : 'plc2'}=${sys[s]}`]);
  const create = run([
    'bundle',
    'create',
    '--out',
    out,
    '--site',
    'accel-ctl',
    '--sequence',
    String(sequence),
    '--sign',
    keyFile,
    ...specs,
  ]);
  expect(create.status, create.stderr).toBe(0);
  const r = run(['cache', 'import', out]);
  expect(r.status, r.stderr).toBe(0);
}

interface GcJson {
  applied: boolean;
  keptBundles: { bundle: string; hosts: string[] }[];
  deletedBundles: { bundle: string; hosts: string[] }[];
  keptPaths: number;
  deletedPaths: string[];
  orphanNarFiles: string[];
  bytes: number;
}

const gcJson = (args: string[]): GcJson => {
  const r = run(['cache', 'gc', ...args, '--json']);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.text) as GcJson;
};
const gcRows = () =>
  (JSON.parse(run(['audit', '--json']).text) as { action: string; outcome: string; details: Record<string, unknown> }[]).filter(
    (r) => r.action === 'cache.gc',
  );
const bundleNames = (list: { bundle: string }[]) => list.map((b) => b.bundle);

/** Bytes of every file under `dir`. */
function bytesUnder(dir: string): number {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).reduce((n, f) => {
    const st = lstatSync(join(dir, f));
    return n + (st.isFile() ? st.size : 0);
  }, 0);
}

beforeAll(() => {
  leaf = buildLinkedPaths().leaf;
  for (const name of ['S1', 'S2']) sys[name] = buildStorePath(`airlock-gc-${name}`, '/bin/echo same > $out');
  const extra: Record<string, string> = { A1: sys.S1 as string, A3: sys.S2 as string };
  for (const name of ['A1', 'A2', 'A3', 'B1', 'B2']) {
    const deps = [leaf, ...(extra[name] ? [extra[name]] : [])];
    sys[name] = buildStorePath(`airlock-gc-${name}`, `/bin/echo ${name} ${deps.join(' ')} > $out`, deps);
  }
  expect(airlock(['keys', 'generate', '--name', 'build-1', '--secret-key', keyFile, '--public-key', pubFile]).status).toBe(0);
  expect(airlock(['site', 'init', '--name', 'accel-ctl', '--trust', pubFile], DATA).status).toBe(0);
  mkdirSync(dirname(root)); // the stick, mounted: cache init refuses a folder whose parent is missing
  expect(airlock(['cache', 'init', root], DATA).status).toBe(0);
  importBundle(1, ['A1']);
  importBundle(2, ['A2', 'B1']);
  importBundle(3, ['A3']);
});

describe('airlock cache gc', () => {
  it('without --yes shows what would go and changes nothing', () => {
    const narUrl = (path: string) => parseNarInfo(readFileSync(join(root, 'cache', `${basename(path).slice(0, 32)}.narinfo`), 'utf8')).url;
    expect(narUrl(sys.S1 as string)).toBe(narUrl(sys.S2 as string));
    const before = snapshot(root);
    // plc1's newest is 3, plc2's only bundle is 2: bundle 2 stays whole (A2 too), only 1 goes.
    const plan = gcJson(['--keep', '1']);
    expect(plan).toMatchObject({ applied: false, deletedPaths: [sys.A1, sys.S1].sort(), orphanNarFiles: [], keptPaths: 5 });
    expect(bundleNames(plan.deletedBundles)).toEqual(['accel-ctl-1']);
    expect(plan.keptBundles).toEqual([
      { bundle: 'accel-ctl-2', hosts: ['plc1', 'plc2'] },
      { bundle: 'accel-ctl-3', hosts: ['plc1'] },
    ]);
    const human = run(['cache', 'gc', '--keep', '1']);
    expect(human.status, human.stderr).toBe(0);
    expect(human.text).toMatch(/^would delete 1 bundle: accel-ctl-1\nwould delete 2 store paths: .* to free\n/);
    expect(human.text.trimEnd().split('\n').at(-1)).toBe('run again with --yes to delete');
    expect(gcJson(['--keep', '3'])).toMatchObject({ deletedBundles: [], deletedPaths: [], bytes: 0 });
    expect(run(['cache', 'gc', '--keep', '3']).text).toMatch(/^nothing to delete/);
    expect(snapshot(root)).toEqual(before);
    expect(gcRows()).toEqual([]);
  });

  it('keeps the closure of every path a known host still uses', async () => {
    const plan = await planCacheGc(cacheLayout(root), { keep: 1, pathsInUse: new Set([sys.A1 as string]) });
    expect(plan.droppedBundles.map((b) => b.name)).toEqual(['accel-ctl-1']);
    expect(plan.droppedPaths).toEqual([]);
    expect(plan.keptPaths).toBe(7);
    await expect(planCacheGc(cacheLayout(root), { keep: 0, pathsInUse: new Set() })).rejects.toThrow(RangeError);
  });

  it('refuses while an import is unfinished, or a manifest is unreadable, and audits the refusal', () => {
    const partial = join(root, 'cache', 'nar', '.partial-0123456789ab-x.nar.zst');
    writeFileSync(partial, 'half');
    const before = snapshot(root);
    const r = run(['cache', 'gc', '--keep', '1', '--yes']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^airlock: an import seems to be running or was interrupted .*; finish it \(run the import again\) first\n$/);
    expect(snapshot(root)).toEqual(before);
    rmSync(partial);
    writeFileSync(join(root, 'bundles', 'accel-ctl-9.json'), '{ not json');
    const bad = run(['cache', 'gc', '--keep', '1', '--yes']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/unreadable files \(bundles\/accel-ctl-9\.json: /);
    // `cache ls` still lists the rest, and names the unreadable one.
    const ls = run(['cache', 'ls', '--json']);
    expect(ls.status, ls.stderr).toBe(0);
    expect(JSON.parse(ls.text)).toMatchObject({
      bundles: [{ sequence: 1 }, { sequence: 2 }, { sequence: 3 }],
      unreadableManifests: [{ file: 'accel-ctl-9.json' }],
    });
    rmSync(join(root, 'bundles', 'accel-ctl-9.json'));
    expect(gcRows().map((row) => row.outcome)).toEqual(['refused', 'refused']);
  });

  it('with --yes deletes the rest, orphan NARs included; the cache verifies and Nix still copies the kept systems', () => {
    importBundle(4, ['B2']);
    const orphan = join(root, 'cache', 'nar', 'left-by-an-interrupted-import.nar.zst');
    writeFileSync(orphan, Buffer.alloc(5000, 7));
    const bytesBefore = bytesUnder(root);
    const done = gcJson(['--keep', '1', '--yes']);
    expect(done.applied).toBe(true);
    expect(bundleNames(done.deletedBundles)).toEqual(['accel-ctl-1', 'accel-ctl-2']);
    expect(bundleNames(done.keptBundles)).toEqual(['accel-ctl-3', 'accel-ctl-4']);
    expect(done.deletedPaths).toEqual([sys.A1, sys.S1, sys.A2, sys.B1].sort());
    expect(done.orphanNarFiles).toEqual(['cache/nar/left-by-an-interrupted-import.nar.zst']);
    expect(done.bytes).toBe(bytesBefore - bytesUnder(root));
    expect(readdirSync(join(root, 'bundles')).sort()).toEqual([
      'accel-ctl-3.json',
      'accel-ctl-3.json.sig',
      'accel-ctl-4.json',
      'accel-ctl-4.json.sig',
    ]);
    expect(readFileSync(join(root, 'cache', 'nix-cache-info'), 'utf8')).toBe('StoreDir: /nix/store\n');
    // Four narinfos left (A3, S2, B2, leaf), each naming its NAR, and no other NAR file.
    expect(readdirSync(join(root, 'cache')).filter((f) => f.endsWith('.narinfo'))).toHaveLength(4);
    expect(readdirSync(join(root, 'cache', 'nar'))).toHaveLength(4);

    const verify = run(['cache', 'verify', '--json']);
    expect(verify.status, verify.stderr).toBe(0);
    expect(JSON.parse(verify.text)).toMatchObject({ checked: 4, damaged: [] });
    const publicKey = readFileSync(pubFile, 'utf8').trim();
    const store = join(work, 'nix-root');
    expect(() => nixCopyFromCacheRequiringSigs(join(root, 'cache'), store, publicKey, [sys.A3 as string, sys.B2 as string])).not.toThrow();
    for (const path of [sys.A3, sys.S2, sys.B2, leaf])
      expect(nix(['nix-store', '--store', store, '--verify-path', path as string])).toBe('');
    expect(() => nixCopyFromCacheRequiringSigs(join(root, 'cache'), join(work, 'nix-root-2'), publicKey, [sys.A1 as string])).toThrow();

    expect(gcRows().at(-1)).toMatchObject({
      outcome: 'ok',
      details: {
        keep: 1,
        keptBundles: ['accel-ctl-3', 'accel-ctl-4'],
        deletedBundles: ['accel-ctl-1', 'accel-ctl-2'],
        deletedPaths: 4,
        bytes: done.bytes,
      },
    });
  });

  it('does not move the floor back: a deleted bundle is still refused; a second gc finds nothing', () => {
    const again = run(['cache', 'import', join(work, 'b2.airlock')]);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/rule 3.*already accepted sequence 4/);
    const second = run(['cache', 'gc', '--keep', '1', '--yes']);
    expect(second.status, second.stderr).toBe(0);
    expect(second.text).toMatch(/^nothing to delete.*\nkept 2 bundles \(accel-ctl-3, accel-ctl-4\) and 4 store paths\n$/);
    expect(gcRows().at(-1)).toMatchObject({ outcome: 'ok', details: { deletedBundles: [], deletedPaths: 0, bytes: 0 } });
  });

  it('takes --keep only as a whole number of at least 1', () => {
    for (const keep of ['0', '-1', '1.5', 'two', '01', '']) {
      const r = run(['cache', 'gc', `--keep=${keep}`]);
      expect(r.status, keep).toBe(2);
    }
    expect(run(['cache', 'gc']).stderr).toMatch(/--keep is required/);
  });
});
