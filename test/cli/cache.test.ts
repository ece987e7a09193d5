// `airlock cache init|verify|ls` on real folders, with NARs written by real Nix.
import { describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { airlock } from '../helpers/run-cli';
import { tempDir } from '../helpers/tmp';
import { buildLinkedPaths, nixCopyToCache } from '../helpers/nix-binary-cache';

const work = tempDir();
// Every call runs against its own data folder, never the operator's.
const DATA = { AIRLOCK_DATA_DIR: join(work, 'data') };
const run = (args: string[], env: NodeJS.ProcessEnv = {}) => airlock(args, { ...DATA, ...env });

/** An Airlock cache whose cache/ folder was filled by `nix copy`. */
function cacheFilledByNix(name: string): string {
  const root = join(work, name);
  expect(run(['cache', 'init', root]).status).toBe(0);
  const { top } = buildLinkedPaths();
  const nixCache = nixCopyToCache(join(work, `${name}-nix`), [top], 'zstd');
  cpSync(nixCache, join(root, 'cache'), { recursive: true });
  return root;
}

describe('airlock cache init', () => {
  it('makes a cache real Nix recognises, and leaves an existing one alone', () => {
    const root = join(work, 'fresh');
    const first = run(['cache', 'init', root]);
    expect(first.status, first.stderr).toBe(0);
    expect(readFileSync(join(root, 'cache', 'nix-cache-info'), 'utf8')).toBe('StoreDir: /nix/store\n');
    expect(readdirSync(root).sort()).toEqual(['bundles', 'cache']);
    const again = run(['cache', 'init', root]);
    expect(again.status).toBe(0);
    expect(again.text).toMatch(/already holds an offline cache/);
  });

  it('refuses a folder that holds something else', () => {
    const root = join(work, 'busy');
    cpSync(join(work, 'fresh', 'cache'), join(root, 'stuff'), { recursive: true });
    const r = run(['cache', 'init', root]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^airlock: .*not empty/);
  });
});

describe('airlock cache init where no medium is', () => {
  it('refuses a folder whose parent does not exist (a medium not mounted, a typo), creating nothing', () => {
    const root = join(work, 'typo', 'airlock');
    const r = run(['cache', 'init', root]);
    expect([r.status, r.text]).toEqual([1, '']);
    expect(r.stderr).toBe(
      `airlock: ${join(work, 'typo')} does not exist: is the medium mounted (airlock media ls)? Nothing was created; give a folder on the mounted medium, normally <medium>/airlock\n`,
    );
    expect(existsSync(join(work, 'typo'))).toBe(false);
  });

  it("warns, and still makes the cache, when the folder is on this machine's own disk, not on removable media", () => {
    const onDisk = run(['cache', 'init', join(work, 'on-disk'), '--json']);
    expect(onDisk.status, onDisk.stderr).toBe(0);
    expect(onDisk.stderr).toMatch(/^airlock: warning: .*on-disk is not on removable media but on this machine's own disk;[^\n]*\n$/);
    expect(JSON.parse(onDisk.text)).toMatchObject({ created: true, onRemovableMedium: false });
    // The same, on a folder named as a medium (as a test must: it cannot plug a stick in; media.test.ts mounts real filesystems).
    mkdirSync(join(work, 'stick'));
    const onStick = run(['cache', 'init', join(work, 'stick', 'airlock'), '--json'], { AIRLOCK_MEDIA_ROOTS: join(work, 'stick') });
    expect([onStick.status, onStick.stderr]).toEqual([0, '']);
    expect(JSON.parse(onStick.text)).toMatchObject({ created: true, onRemovableMedium: true });
  });
});

describe('airlock cache verify', () => {
  it('passes a whole cache and names exactly the damaged paths', () => {
    const root = cacheFilledByNix('damaged');
    const ok = run(['cache', 'verify', '--cache', root, '--json']);
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.text)).toMatchObject({ checked: 3, damaged: [] });

    const narDir = join(root, 'cache', 'nar');
    const [first, second] = readdirSync(narDir).sort();
    const bytes = readFileSync(join(narDir, first as string));
    bytes[bytes.length >> 1] = (bytes[bytes.length >> 1] as number) ^ 0x40;
    writeFileSync(join(narDir, first as string), bytes);
    rmSync(join(narDir, second as string));

    const bad = run(['cache', 'verify', '--cache', root, '--json']);
    expect(bad.status).toBe(1);
    const report = JSON.parse(bad.text) as { checked: number; damaged: { path: string; problem: string }[] };
    expect(report.checked).toBe(3);
    expect(report.damaged).toHaveLength(2);
    expect(report.damaged.map((d) => d.problem).join('\n')).toMatch(/is missing/);
    expect(bad.stderr).toMatch(/^airlock: 2 damaged path/m);
  });

  it('says plainly when there is no cache, or no --cache', () => {
    expect(run(['cache', 'verify', '--cache', join(work, 'nothing-here')]).stderr).toMatch(/holds no Airlock cache.*cache init/);
    expect(run(['cache', 'verify'], { AIRLOCK_CACHE: '', AIRLOCK_DATA_DIR: join(work, 'empty-data') }).status).toBe(2);
  });
});

describe('the remembered cache', () => {
  it('is the one cache init used last, when --cache is not given', () => {
    const root = join(work, 'remembered');
    expect(run(['cache', 'init', root]).status).toBe(0);
    const r = run(['cache', 'ls', '--json'], { AIRLOCK_CACHE: '' });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.text)).toMatchObject({ cache: root, paths: 0 });
  });
});

describe('airlock cache ls', () => {
  it('counts paths and sizes', () => {
    const root = cacheFilledByNix('listed');
    const r = run(['cache', 'ls', '--json'], { AIRLOCK_CACHE: root });
    expect(r.status, r.stderr).toBe(0);
    const summary = JSON.parse(r.text) as { paths: number; fileBytes: number; narBytes: number; bundles: unknown[] };
    expect(summary.paths).toBe(3);
    expect(summary.narBytes).toBeGreaterThan(summary.fileBytes);
    expect(summary.bundles).toEqual([]);
  });
});
