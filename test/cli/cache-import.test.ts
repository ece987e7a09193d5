// `airlock cache import`: bundles whose cache/ real Nix wrote are accepted whole
// and the offline cache stays a Nix binary cache that real Nix trusts; refused
// bundles leave it byte for byte as it was; every import is audited.
import { beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { airlock } from '../helpers/run-cli';
import { tempDir } from '../helpers/tmp';
import { buildStorePath, nix } from '../helpers/real-nix';
import { buildLinkedPaths, nixCopyFromCacheRequiringSigs } from '../helpers/nix-binary-cache';
import { makeNixBundle } from '../helpers/nix-made-bundle';
import { snapshot } from '../helpers/bundle-forge';
import { cacheLayout } from '../../src/main/core/cache/cache-layout';
import { verifyCache } from '../../src/main/core/cache/verify-cache';
import type { VerifyProgress } from '../../src/main/core/bundle/verify-bundle';

const work = tempDir();
const DATA = { AIRLOCK_DATA_DIR: join(work, 'data') };
const run = (args: string[]) => airlock(args, DATA);
const keyFile = join(work, 'build.sec');
const pubFile = join(work, 'build.pub');
const root = join(work, 'stick', 'airlock');
let top: string;
let publicKey: string;

function auditRows(): { action: string; outcome: string; details: Record<string, unknown> }[] {
  return JSON.parse(run(['audit', '--json']).text) as { action: string; outcome: string; details: Record<string, unknown> }[];
}

beforeAll(() => {
  ({ top } = buildLinkedPaths());
  expect(run(['keys', 'generate', '--name', 'build-1', '--secret-key', keyFile, '--public-key', pubFile]).status).toBe(0);
  publicKey = readFileSync(pubFile, 'utf8').trim();
  expect(run(['site', 'init', '--name', 'accel-ctl', '--trust', pubFile]).status).toBe(0);
  mkdirSync(dirname(root)); // the stick, mounted: cache init refuses a folder whose parent is missing
  expect(run(['cache', 'init', root]).status).toBe(0);
});

describe('airlock cache import', () => {
  it('accepts bundles whose cache real Nix wrote (xz, zstd, none), and Nix then trusts the offline cache', () => {
    ['xz', 'zstd', 'none'].forEach((compression, i) => {
      const bundle = makeNixBundle(join(work, `nix-${compression}.airlock`), {
        site: 'accel-ctl',
        sequence: i + 1,
        host: 'plc1',
        toplevel: top,
        compression,
        keyFile,
      });
      const r = run(['cache', 'import', bundle, '--json']);
      expect(r.status, r.stderr).toBe(0);
      // Progress is drawn only on a terminal; a pipe gets nothing.
      expect(r.stderr).toBe('');
      const out = JSON.parse(r.text) as { bundle: string; outcome: string; added: string[]; alreadyHeld: string[] };
      expect(out.bundle).toBe(`accel-ctl-${i + 1}`);
      expect(out.outcome).toBe('accepted');
      // The first bundle brings the whole closure; the next two carry the same paths, already held.
      expect(out.added.length).toBe(i === 0 ? 3 : 0);
      expect(out.alreadyHeld.length).toBe(i === 0 ? 0 : 3);
    });
    expect(readdirSync(join(root, 'bundles')).sort()).toEqual([1, 2, 3].flatMap((n) => [`accel-ctl-${n}.json`, `accel-ctl-${n}.json.sig`]));
    const verify = run(['cache', 'verify', '--json']);
    expect(verify.status, verify.stderr).toBe(0);
    expect(verify.stderr).toBe('');
    expect(JSON.parse(verify.text)).toMatchObject({ checked: 3, damaged: [] });
    // Real Nix reads the offline cache with require-sigs, trusting only the site's key…
    const closure = nix(['nix-store', '-qR', top]).trim().split('\n');
    expect(() => nixCopyFromCacheRequiringSigs(join(root, 'cache'), join(work, 'nix-root'), publicKey, closure)).not.toThrow();
    expect(nix(['nix-store', '--store', join(work, 'nix-root'), '--verify-path', top])).toBe('');
    // …and refuses it when it trusts another key, so the check above can fail.
    expect(() =>
      nixCopyFromCacheRequiringSigs(join(root, 'cache'), join(work, 'nix-root-2'), 'other:' + 'A'.repeat(43) + '=', closure),
    ).toThrow();
    const imports = auditRows().filter((row) => row.action === 'bundle.import');
    expect(imports.map((row) => row.outcome)).toEqual(['ok', 'ok', 'ok']);
  });

  it('re-importing an accepted bundle succeeds and changes nothing', () => {
    const before = snapshot(root);
    const r = run(['cache', 'import', join(work, 'nix-none.airlock')]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.text).toMatch(/imported before/);
    expect(snapshot(root)).toEqual(before);
  });

  it('refuses a tampered bundle naming the rule, leaves the cache byte for byte as it was, and audits why', () => {
    const before = snapshot(root);
    const bundle = makeNixBundle(join(work, 'tampered.airlock'), {
      site: 'accel-ctl',
      sequence: 4,
      host: 'plc1',
      toplevel: top,
      compression: 'xz',
      keyFile,
    });
    const narDir = join(bundle, 'cache', 'nar');
    const [victim] = readdirSync(narDir);
    const bytes = readFileSync(join(narDir, victim as string));
    bytes[bytes.length >> 1] = (bytes[bytes.length >> 1] as number) ^ 0x01;
    writeFileSync(join(narDir, victim as string), bytes);
    const r = run(['cache', 'import', bundle]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^airlock: bundle refused \(rule 7\): /);
    expect(snapshot(root)).toEqual(before);
    const last = auditRows().at(-1);
    expect(last).toMatchObject({ action: 'bundle.import', outcome: 'refused', details: { rule: 7 } });
  });

  it('refuses a bundle whose narinfo Nix cannot read (a bad CA under a still valid Sig, no final newline) under rule 5, naming the line, cache unchanged', () => {
    const before = snapshot(root);
    // `lines`: how many lines the narinfo had before it was broken.
    const breakages: [label: string, edit: (text: string) => string, reason: (lines: number) => RegExp][] = [
      // Nix signs no CA: the Sig stays valid, so only the parse can stop it.
      [
        'bad-ca',
        (t) => `${t}CA: fixed:r:sha256:nonsense\n`,
        (n) => new RegExp(`line ${n + 1}: CA hash 'nonsense' is not a sha256 hash.*Nix refuses to read such a narinfo`),
      ],
      [
        'no-newline',
        (t) => t.slice(0, -1),
        (n) => new RegExp(`line ${n}: the file ends without a newline after this line, and Nix refuses to read such a narinfo`),
      ],
    ];
    for (const [label, edit, reason] of breakages) {
      const bundle = makeNixBundle(join(work, `${label}.airlock`), {
        site: 'accel-ctl',
        sequence: 4,
        host: 'plc1',
        toplevel: top,
        compression: 'xz',
        keyFile,
      });
      const cacheDir = join(bundle, 'cache');
      const victim = readdirSync(cacheDir).find((f) => f.endsWith('.narinfo')) as string;
      const text = readFileSync(join(cacheDir, victim), 'utf8');
      const storePath = /^StorePath: (.*)$/m.exec(text)?.[1] as string;
      // Nix reads the untouched cache…
      nix(['nix', 'path-info', '--option', 'substituters', '', '--store', `file://${cacheDir}`, storePath], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      writeFileSync(join(cacheDir, victim), edit(text));
      // …and refuses it once broken: this is what would otherwise reach the offline cache.
      expect(
        () =>
          nix(['nix', 'path-info', '--option', 'substituters', '', '--store', `file://${cacheDir}`, storePath], {
            stdio: ['ignore', 'pipe', 'pipe'],
          }),
        label,
      ).toThrow(/corrupt|hash/);
      const r = run(['cache', 'import', bundle]);
      expect(r.status, label).toBe(1);
      expect(r.stderr, label).toMatch(
        new RegExp(`^airlock: bundle refused \\(rule 5\\): cache/${victim.replace('.', '\\.')} is not a valid narinfo: `),
      );
      expect(r.stderr, label).toMatch(reason(text.split('\n').length - 1));
      expect(snapshot(root), label).toEqual(before);
      expect(auditRows().at(-1), label).toMatchObject({ action: 'bundle.import', outcome: 'refused', details: { rule: 5 } });
    }
  });

  it("refuses a bundle below the floor (rule 3) and another site's bundle (rule 3), cache unchanged", () => {
    const before = snapshot(root);
    const old = makeNixBundle(join(work, 'old.airlock'), {
      site: 'accel-ctl',
      sequence: 2,
      host: 'plc1',
      toplevel: top,
      compression: 'zstd',
      keyFile,
      created: '2026-11-19T00:00:00Z',
    });
    expect(run(['cache', 'import', old]).stderr).toMatch(/rule 3/);
    const foreign = makeNixBundle(join(work, 'foreign.airlock'), {
      site: 'ocean-buoys',
      sequence: 9,
      host: 'buoy1',
      toplevel: top,
      compression: 'zstd',
      keyFile,
    });
    const r = run(['cache', 'import', foreign]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/rule 3.*ocean-buoys/);
    expect(snapshot(root)).toEqual(before);
  });

  it('imports a delta bundle made against this cache, carrying only what the cache lacks', () => {
    // A new system that keeps the old closure and adds one path, as a real update does.
    const newTop = buildStorePath('airlock-delta-top', `/bin/echo ${top} > $out`, [top]);
    expect(nix(['nix-store', '-qR', newTop]).trim().split('\n')).toHaveLength(4);
    const out = join(work, 'delta.airlock');
    const create = run([
      'bundle',
      'create',
      '--out',
      out,
      '--site',
      'accel-ctl',
      '--sequence',
      '5',
      '--sign',
      keyFile,
      '--system',
      `plc1=${newTop}`,
      '--base',
      root,
    ]);
    expect(create.status, create.stderr).toBe(0);
    expect(readdirSync(join(out, 'cache')).filter((f) => f.endsWith('.narinfo'))).toHaveLength(1);
    const r = run(['cache', 'import', out, '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.text)).toMatchObject({ added: [newTop], leftOutAsHeld: expect.arrayContaining([top]) as unknown });
    expect(JSON.parse(run(['cache', 'verify', '--json']).text)).toMatchObject({ checked: 4, damaged: [] });
  });

  it('cache verify reports its progress against totals from the narinfos', async () => {
    const reports: VerifyProgress[] = [];
    const report = await verifyCache(cacheLayout(root), { onProgress: (p) => reports.push(p) });
    const last = reports.at(-1);
    expect(last).toEqual({ bytes: report.bytes, files: 4, totalBytes: report.bytes, totalFiles: 4 });
  });

  it('says how to fix it when there is no site, or no cache', () => {
    const noSite = airlock(['cache', 'import', join(work, 'nix-xz.airlock'), '--cache', root], { AIRLOCK_DATA_DIR: join(work, 'no-site') });
    expect(noSite.status).toBe(1);
    expect(noSite.stderr).toMatch(/no site here yet.*site init/);
    cpSync(join(work, 'nix-xz.airlock'), join(work, 'copy.airlock'), { recursive: true });
    expect(run(['cache', 'import', join(work, 'copy.airlock'), '--cache', join(work, 'nowhere')]).stderr).toMatch(/cache init/);
  });
});
