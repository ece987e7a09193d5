// `airlock bundle create|sign|verify|inspect` through the real CLI, with keys
// made by real Nix and store paths built by real Nix.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { airlock } from '../helpers/run-cli';
import { nix } from '../helpers/real-nix';
import { buildLinkedPaths, nixCopyFromCacheRequiringSigs, nixCopyToCache } from '../helpers/nix-binary-cache';
import { snapshot } from '../helpers/bundle-forge';
import { tempDir } from '../helpers/tmp';

const work = tempDir('airlock-cli-bundle-');
const paths = buildLinkedPaths();
let n = 0;
const fresh = (label: string): string => join(work, `${label}-${++n}`);

interface Key {
  readonly sec: string;
  readonly pub: string;
  readonly publicKey: string;
}

function nixKey(name: string): Key {
  const secret = nix(['nix', 'key', 'generate-secret', '--key-name', name]);
  const sec = join(work, `${name}.sec`);
  const pub = join(work, `${name}.pub`);
  writeFileSync(sec, secret);
  const publicKey = nix(['nix', 'key', 'convert-secret-to-public'], { input: secret }).trim();
  writeFileSync(pub, `${publicKey}\n`);
  return { sec, pub, publicKey };
}

let k1: Key;
let k2: Key;
beforeAll(() => {
  k1 = nixKey('accel-build-1');
  k2 = nixKey('accel-build-2');
});

function siteDir(threshold: number): string {
  const dir = fresh('data');
  const r = airlock([
    'site',
    'init',
    '--name',
    'accel-ctl',
    '--trust',
    k1.pub,
    '--trust',
    k2.pub,
    '--threshold',
    String(threshold),
    '--data-dir',
    dir,
  ]);
  expect(r.status, r.stderr).toBe(0);
  return dir;
}

function create(out: string, extra: readonly string[] = []): ReturnType<typeof airlock> {
  return airlock([
    'bundle',
    'create',
    '--out',
    out,
    '--site',
    'accel-ctl',
    '--sequence',
    '7',
    '--sign',
    k1.sec,
    '--system',
    `plc1=${paths.top}:boot`,
    ...extra,
  ]);
}

describe('airlock bundle', () => {
  it('create, verify, sign, verify at threshold 2, inspect', () => {
    const out = fresh('bundle');
    const made = create(out, ['--description', 'weekly update', '--json']);
    expect(made.status, made.stderr).toBe(0);
    expect(JSON.parse(made.text)).toMatchObject({ site: 'accel-ctl', sequence: 7, paths: 3, carried: 3, leftOut: 0 });
    // Real Nix substitutes from the bundle's cache, requiring our narinfo signatures.
    expect(() => nixCopyFromCacheRequiringSigs(join(out, 'cache'), fresh('root'), k1.publicKey, [paths.top])).not.toThrow();

    const one = siteDir(1);
    const before = snapshot(out);
    const ok = airlock(['bundle', 'verify', out, '--json', '--data-dir', one]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.text)).toMatchObject({ valid: true, sequence: 7, signers: ['accel-build-1'], carried: 3, held: 0 });
    expect(snapshot(out)).toEqual(before);

    const two = siteDir(2);
    const refused = airlock(['bundle', 'verify', out, '--data-dir', two]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/^airlock: bundle refused \(rule 2\): only 1 valid signature .*requires 2/);

    const signed = airlock(['bundle', 'sign', out, '--sign', k2.sec]);
    expect(signed.status, signed.stderr).toBe(0);
    expect(signed.text).toMatch(/signers now: accel-build-1, accel-build-2/);
    expect(airlock(['bundle', 'verify', out, '--data-dir', two]).status).toBe(0);
    const again = airlock(['bundle', 'sign', out, '--sign', k2.sec]);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already has a signature by key 'accel-build-2'/);

    const seen = airlock(['bundle', 'inspect', out, '--json', '--trust', k1.pub, '--trust', k2.publicKey]);
    expect(seen.status, seen.stderr).toBe(0);
    const r = JSON.parse(seen.text) as {
      manifest: { description: string; systems: unknown[] };
      pathCount: number;
      signers: unknown[];
      carried: { count: number };
    };
    expect(r.manifest.description).toBe('weekly update');
    expect(r.manifest.systems).toEqual([{ host: 'plc1', toplevel: paths.top, action: 'boot' }]);
    expect(r.pathCount).toBe(3);
    expect(r.carried.count).toBe(3);
    expect(r.signers).toEqual([
      { keyName: 'accel-build-1', status: 'valid' },
      { keyName: 'accel-build-2', status: 'valid' },
    ]);
    const human = airlock(['bundle', 'inspect', out]);
    expect(human.status, human.stderr).toBe(0);
    expect(human.text).toMatch(/sequence\s+7/);
    expect(human.text).toMatch(/plc1\s+boot\s+\/nix\/store\//);
    expect(human.text).toMatch(/accel-build-2\s+not checked/);
  });

  it('create --from-cache over a real Nix cache, and a delta with --base verified against --cache', () => {
    const nixCache = nixCopyToCache(fresh('nix-cache'), [paths.top], 'xz');
    const full = fresh('full');
    const r = create(full, ['--from-cache', nixCache]);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(airlock(['bundle', 'inspect', full, '--json']).text)).toMatchObject({ pathCount: 3, carried: { count: 3 } });
    // An offline cache (here written by Nix itself) that holds leaf and mid makes the next bundle carry top alone.
    const offline = fresh('offline');
    nixCopyToCache(join(offline, 'cache'), [paths.mid], 'zstd');
    const delta = fresh('delta');
    const d = airlock([
      'bundle',
      'create',
      '--out',
      delta,
      '--site',
      'accel-ctl',
      '--sequence',
      '8',
      '--sign',
      k1.sec,
      '--system',
      `plc1=${paths.top}`,
      '--base',
      offline,
      '--json',
    ]);
    expect(d.status, d.stderr).toBe(0);
    expect(JSON.parse(d.text)).toMatchObject({ paths: 3, carried: 1, leftOut: 2 });
    const data = siteDir(1);
    const without = airlock(['bundle', 'verify', delta, '--data-dir', data]);
    expect(without.status).toBe(1);
    expect(without.stderr).toMatch(/rule 8/);
    const withCache = airlock(['bundle', 'verify', delta, '--json', '--data-dir', data, '--cache', offline]);
    expect(withCache.status, withCache.stderr).toBe(0);
    expect(JSON.parse(withCache.text)).toMatchObject({ valid: true, carried: 1, held: 2 });
  });

  it('refuses usage errors with status 2 and a non-empty --out with status 1', () => {
    expect(
      airlock([
        'bundle',
        'create',
        '--out',
        fresh('x'),
        '--site',
        'accel-ctl',
        '--sequence',
        '0',
        '--sign',
        k1.sec,
        '--system',
        `plc1=${paths.top}`,
      ]).status,
    ).toBe(2);
    expect(
      airlock([
        'bundle',
        'create',
        '--out',
        fresh('x'),
        '--site',
        'accel-ctl',
        '--sequence',
        '1',
        '--sign',
        k1.sec,
        '--system',
        `plc1=${paths.top}:reboot`,
      ]).status,
    ).toBe(2);
    expect(airlock(['bundle', 'create', '--out', fresh('x'), '--site', 'accel-ctl', '--sequence', '1', '--sign', k1.sec]).status).toBe(2);
    const busy = fresh('busy');
    expect(create(busy).status).toBe(0);
    const r = create(busy);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^airlock: .*is not empty/);
  });

  it('verify --json reports a refusal as a document too', () => {
    const out = fresh('tampered');
    expect(create(out).status).toBe(0);
    const manifest = join(out, 'airlock-bundle.json');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('"sequence": 7', '"sequence": 9'));
    const r = airlock(['bundle', 'verify', out, '--json', '--data-dir', siteDir(1)]);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.text)).toMatchObject({ valid: false, rule: 2 });
    expect(r.stderr).toMatch(/^airlock: bundle refused \(rule 2\)/);
  });
});
