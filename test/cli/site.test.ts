// `airlock site …` through the real CLI, with keys made by `airlock keys
// generate` and by real Nix, in temp data folders.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { airlock } from '../helpers/run-cli';
import { nix } from '../helpers/real-nix';
import { tempDir } from '../helpers/tmp';

const work = tempDir('airlock-cli-site-');
let n = 0;
const dataDir = (): string => join(work, `data-${++n}`);

interface SiteJson {
  name: string;
  threshold: number;
  bundleKeys: { name: string; publicKey: string }[];
  nixKeys: { name: string; publicKey: string }[];
  floor: { sequence: number };
  dataDir: string;
}

function pubFile(name: string): string {
  const pub = join(work, `${name}.pub`);
  const r = airlock(['keys', 'generate', '--name', name, '--secret-key', join(work, `${name}.sec`), '--public-key', pub]);
  expect(r.status, r.stderr).toBe(0);
  return pub;
}

let b1: string;
let b2: string;
beforeAll(() => {
  b1 = pubFile('build-1');
  b2 = pubFile('build-2');
});

const showJson = (dir: string): SiteJson => {
  const r = airlock(['site', 'show', '--json', '--data-dir', dir]);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.text) as SiteJson;
};

describe('airlock site init and show', () => {
  it('sets up a site from key files and strings; Nix keys default to the --trust keys', () => {
    const dir = dataDir();
    const r = airlock([
      'site',
      'init',
      '--name',
      'accel-ctl',
      '--trust',
      b1,
      '--trust',
      readFileSync(b2, 'utf8').trim(),
      '--threshold',
      '2',
      '--data-dir',
      dir,
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.text).toMatch(/site\s+accel-ctl/);
    expect(r.text).toMatch(/threshold\s+2 of 2 bundle key/);
    const site = showJson(dir);
    expect(site).toMatchObject({ name: 'accel-ctl', threshold: 2, floor: { sequence: 0 }, dataDir: dir });
    expect(site.bundleKeys.map((k) => k.publicKey)).toEqual([readFileSync(b1, 'utf8').trim(), readFileSync(b2, 'utf8').trim()]);
    expect(site.nixKeys).toEqual(site.bundleKeys);
    expect(existsSync(join(dir, 'airlock.db'))).toBe(true);
  });

  it('takes keys made by real Nix (nix key generate-secret / convert-secret-to-public)', () => {
    const secret = nix(['nix', 'key', 'generate-secret', '--key-name', 'nix-build-1']);
    const nixPub = nix(['nix', 'key', 'convert-secret-to-public'], { input: secret }).trim();
    const dir = dataDir();
    const r = airlock(['site', 'init', '--name', 'plant-7', '--trust', b1, '--nix-trust', nixPub, '--data-dir', dir]);
    expect(r.status, r.stderr).toBe(0);
    const site = showJson(dir);
    expect(site.threshold).toBe(1);
    expect(site.bundleKeys.map((k) => k.name)).toEqual(['build-1']);
    expect(site.nixKeys.map((k) => k.publicKey)).toEqual([nixPub]);
  });

  it('refuses a second init, and a threshold above the number of keys, changing nothing', () => {
    const dir = dataDir();
    expect(airlock(['site', 'init', '--name', 'accel-ctl', '--trust', b1, '--data-dir', dir]).status).toBe(0);
    const again = airlock(['site', 'init', '--name', 'other', '--trust', b2, '--data-dir', dir]);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/^airlock: this data folder already holds site 'accel-ctl'/);
    expect(showJson(dir).bundleKeys.map((k) => k.name)).toEqual(['build-1']);

    const high = airlock([
      'site',
      'init',
      '--name',
      'accel-ctl',
      '--trust',
      b1,
      '--trust',
      b2,
      '--threshold',
      '3',
      '--data-dir',
      dataDir(),
    ]);
    expect(high.status).toBe(1);
    expect(high.stderr).toMatch(/^airlock: the threshold must be a whole number from 1 to 2/);
  });

  it('refuses to work without a site, naming site init', () => {
    const r = airlock(['site', 'show', '--data-dir', dataDir()]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^airlock: no site here yet .*airlock site init/);
  });

  it('treats malformed arguments as usage errors (exit 2)', () => {
    const dir = dataDir();
    for (const args of [
      ['site', 'init', '--name', 'accel-ctl'],
      ['site', 'init', '--trust', b1],
      ['site', 'init', '--name', 'Accel_Ctl', '--trust', b1],
      ['site', 'init', '--name', 'accel-ctl', '--trust', b1, '--threshold', 'two'],
      ['site', 'init', '--name', 'accel-ctl', '--trust', 'build-1:not-base64!'],
      ['site', 'init', '--name', 'accel-ctl', '--trust', join(work, 'missing.pub')],
      ['site', 'init', '--name', 'accel-ctl', '--trust', b1, '--frobnicate'],
    ]) {
      const r = airlock([...args, '--data-dir', dir]);
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(/^airlock: /);
    }
    expect(airlock(['site', 'show', '--data-dir', dir]).status).toBe(1);
  });

  it('refuses a secret key file given as a public key, and says so', () => {
    const r = airlock(['site', 'init', '--name', 'accel-ctl', '--trust', join(work, 'build-1.sec'), '--data-dir', dataDir()]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^airlock: --trust .* is a secret key; give its public key/);
  });

  it("defaults to the desktop app's folder ($XDG_CONFIG_HOME/Airlock), and honours AIRLOCK_DATA_DIR", () => {
    const xdg = join(work, 'xdg');
    const env = { XDG_CONFIG_HOME: xdg, HOME: join(work, 'home'), AIRLOCK_DATA_DIR: '' };
    expect(airlock(['site', 'init', '--name', 'default-dir', '--trust', b1], env).status).toBe(0);
    expect(existsSync(join(xdg, 'Airlock', 'airlock.db'))).toBe(true);
    const viaEnv = dataDir();
    expect(airlock(['site', 'init', '--name', 'env-dir', '--trust', b1], { ...env, AIRLOCK_DATA_DIR: viaEnv }).status).toBe(0);
    expect(showJson(viaEnv).name).toBe('env-dir');
  });
});

describe('airlock site trust and threshold', () => {
  it('changes trust within the rules, each change in the audit log', () => {
    const dir = dataDir();
    expect(airlock(['site', 'init', '--name', 'accel-ctl', '--trust', b1, '--data-dir', dir]).status).toBe(0);
    expect(airlock(['site', 'trust', 'add', b2, '--data-dir', dir]).status).toBe(0);
    expect(airlock(['site', 'threshold', '2', '--data-dir', dir]).status).toBe(0);
    const rm = airlock(['site', 'trust', 'rm', 'build-1', '--data-dir', dir]);
    expect(rm.status).toBe(1);
    expect(rm.stderr).toMatch(/lower the threshold first/);
    expect(airlock(['site', 'trust', 'rm', 'build-1', '--nix', '--data-dir', dir]).status).toBe(1);
    const site = showJson(dir);
    expect(site.threshold).toBe(2);
    expect(site.bundleKeys.map((k) => k.name)).toEqual(['build-1', 'build-2']);
    expect(site.nixKeys.map((k) => k.name)).toEqual(['build-1']);
    const audit = JSON.parse(airlock(['audit', '--json', '--data-dir', dir]).text) as { action: string; outcome: string }[];
    expect(audit.map((r) => `${r.action}:${r.outcome}`)).toEqual([
      'site.init:ok',
      'trust.add:ok',
      'trust.threshold:ok',
      'trust.remove:refused',
      'trust.remove:refused',
    ]);
  });
});
