// `bundle create --with-build-closure` on real Nix, and the proof that it is
// enough: the build closure, taken out of the offline cache into a fresh store
// that trusts only the site's key, rebuilds the system there with no network
// and no substituters, to the very same store path.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { airlock } from '../helpers/run-cli';
import { buildStorePath, nix } from '../helpers/real-nix';
import { cacheLayout } from '../../src/main/core/cache/cache-layout';
import { planCacheGc } from '../../src/main/core/cache/gc-plan';
import { gcCache } from '../../src/main/core/cache/gc-cache';
import { readHostClosure } from '../../src/main/core/remote/push/host-closure';
import { printStorePath } from '../../src/main/core/nix/store-path';
import { tempDir } from '../helpers/tmp';
import { buildBuildableSystem, type BuildableSystem } from '../helpers/buildable-system';

const work = tempDir('airlock-build-closure-');
const DATA = { AIRLOCK_DATA_DIR: join(work, 'data') };
const run = (args: string[]) => airlock(args, DATA);
const keyFile = join(work, 'build.sec');
const pubFile = join(work, 'build.pub');
const cacheRoot = join(work, 'stick', 'airlock');
const OFFLINE = ['--option', 'substituters', ''];
let publicKey: string;
let system: BuildableSystem;

interface ManifestJson {
  format: string;
  paths: { path: string; references: string[] }[];
  buildClosure?: string[];
}

function create(out: string, sequence: number, extra: readonly string[] = []) {
  return run([
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
    '--system',
    `plc1=${system.toplevel}`,
    ...extra,
  ]);
}

const manifestOf = (bundle: string): ManifestJson => JSON.parse(readFileSync(join(bundle, 'airlock-bundle.json'), 'utf8')) as ManifestJson;

beforeAll(() => {
  system = buildBuildableSystem(join(work, 'src'), `plc1-${process.pid}`);
  expect(run(['keys', 'generate', '--name', 'build-1', '--secret-key', keyFile, '--public-key', pubFile]).status).toBe(0);
  publicKey = readFileSync(pubFile, 'utf8').trim();
  expect(run(['site', 'init', '--name', 'accel-ctl', '--trust', pubFile]).status).toBe(0);
  mkdirSync(dirname(cacheRoot)); // the stick, mounted
  expect(run(['cache', 'init', cacheRoot]).status).toBe(0);
}, 300_000);

describe('bundle create --with-build-closure', () => {
  it('lists the derivation closure and fetched inputs in buildClosure (format 2), each in paths; a bundle without it stays format 1', () => {
    const plain = join(work, 'plain.airlock');
    expect(create(plain, 1).status).toBe(0);
    expect(manifestOf(plain).format).toBe('airlock-bundle/1');
    expect(manifestOf(plain).buildClosure).toBeUndefined();

    const bundle = join(work, 'with-build.airlock');
    const r = create(bundle, 1, ['--with-build-closure', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const m = manifestOf(bundle);
    expect(m.format).toBe('airlock-bundle/2');
    const build = m.buildClosure ?? [];
    // What `nix-store -qR` says of the derivation, plus the fetched output.
    const drvClosure = nix(['nix-store', '--query', '--requisites', system.drv]).trim().split('\n');
    expect([...build].sort()).toEqual([...new Set([...drvClosure, system.fetched])].sort());
    expect(build.filter((p) => p.endsWith('.drv')).length).toBe(3);
    const listed = new Set(m.paths.map((p) => p.path));
    for (const p of build) expect(listed.has(p), p).toBe(true);
    // paths = run-time closure ∪ build closure, nothing else.
    const runtime = nix(['nix-store', '--query', '--requisites', system.toplevel]).trim().split('\n');
    expect([...listed].sort()).toEqual([...new Set([...runtime, ...build])].sort());
    expect(JSON.parse(r.text)).toMatchObject({ paths: listed.size, buildClosure: build.length });

    const verify = run(['bundle', 'verify', bundle]);
    expect(verify.status, verify.stderr).toBe(0);
  });

  it('bundle inspect says what the build closure adds: paths, NAR bytes (as Nix counts them) and compressed bytes carried', () => {
    const bundle = join(work, 'with-build.airlock');
    const m = manifestOf(bundle);
    const runtime = new Set(nix(['nix-store', '--query', '--requisites', system.toplevel]).trim().split('\n'));
    const added = (m.buildClosure ?? []).filter((p) => !runtime.has(p));
    expect(added.length).toBe(5); // three .drv files, the source ioc.cmd, the fetched tarball
    const narBytes = added.reduce((n, p) => n + Number(nix(['nix-store', '--query', '--size', p]).trim()), 0);
    // The compressed bytes are the NAR files the bundle holds for those paths, as they lie on disk.
    const narinfos = readdirSync(join(bundle, 'cache')).filter((f) => f.endsWith('.narinfo'));
    let fileBytes = 0;
    for (const f of narinfos) {
      const text = readFileSync(join(bundle, 'cache', f), 'utf8');
      const storePath = /^StorePath: (.*)$/m.exec(text)?.[1] as string;
      if (added.includes(storePath)) fileBytes += statSync(join(bundle, 'cache', /^URL: (.*)$/m.exec(text)?.[1] as string)).size;
    }
    const json = run(['bundle', 'inspect', bundle, '--json']);
    expect(json.status, json.stderr).toBe(0);
    expect(JSON.parse(json.text).buildClosure).toEqual({
      paths: m.buildClosure?.length,
      added: { paths: 5, narBytes, carried: 5, fileBytes },
    });
    const text = run(['bundle', 'inspect', bundle]);
    expect(text.status, text.stderr).toBe(0);
    expect(text.text).toMatch(
      new RegExp(`build closure +${m.buildClosure?.length} paths; adds 5 paths, .* of NAR, .* of files carried \\(5 paths\\)`),
    );
    // A bundle without a build closure says nothing of one.
    expect(JSON.parse(run(['bundle', 'inspect', join(work, 'plain.airlock'), '--json']).text).buildClosure).toBeUndefined();
  });

  it('is refused, saying what to do, for a system whose derivation the local store does not know', () => {
    const file = join(work, 'copied-in');
    writeFileSync(file, 'a path added to the store, not built here\n');
    const copied = nix(['nix-store', '--add', file]).trim();
    const r = run([
      'bundle',
      'create',
      '--out',
      join(work, 'no-drv.airlock'),
      '--site',
      'accel-ctl',
      '--sequence',
      '1',
      '--sign',
      keyFile,
      '--system',
      `plc1=${copied}`,
      '--with-build-closure',
    ]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`the local Nix store does not know the derivation of ${copied}`);
    expect(r.stderr).toContain('build it on this machine');
    expect(existsSync(join(work, 'no-drv.airlock'))).toBe(false);
  });

  it('is refused with --from-cache, as a usage error', () => {
    const r = create(join(work, 'from-cache.airlock'), 1, ['--with-build-closure', '--from-cache', join(cacheRoot, 'cache')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--with-build-closure .* local Nix store/);
  });

  it('imports into the offline cache, and a fresh store rebuilds the system from it offline, to the same path', () => {
    const bundle = join(work, 'with-build.airlock');
    const imported = run(['cache', 'import', bundle, '--json']);
    expect(imported.status, imported.stderr).toBe(0);
    const build = manifestOf(bundle).buildClosure ?? [];
    // Every build path is in the cache, signed: real Nix copies them into a fresh store that trusts only the site's key.
    const root = join(work, 'fresh-store');
    const store = `local?root=${root}`;
    const trust = ['--option', 'require-sigs', 'true', '--option', 'trusted-public-keys', publicKey];
    const from = ['--from', `file://${join(cacheRoot, 'cache')}`, '--to', store];
    const drvs = build.filter((p) => p.endsWith('.drv'));
    const others = build.filter((p) => !p.endsWith('.drv'));
    nix(['nix', 'copy', ...OFFLINE, ...trust, ...from, '--derivation', ...drvs], { stdio: ['ignore', 'pipe', 'pipe'] });
    nix(['nix', 'copy', ...OFFLINE, ...trust, ...from, ...others], { stdio: ['ignore', 'pipe', 'pipe'] });
    // The fresh store does not hold the system itself, and upstream is gone: only a rebuild can make it.
    expect(nix(['nix-store', '--store', store, '--check-validity', '--print-invalid', system.toplevel]).trim()).toBe(system.toplevel);
    rmSync(system.upstream);
    // A store rooted elsewhere builds in Nix's sandbox; the builders need /bin/sh and the tools it calls.
    const rebuilt = nix(
      ['nix-store', '--store', store, '--realise', system.drv, ...OFFLINE, '--option', 'sandbox-paths', '/bin /usr /lib /lib64'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    ).trim();
    expect(rebuilt).toBe(system.toplevel);
    expect(nix(['nix-store', '--store', store, '--verify-path', system.toplevel])).toBe('');
    expect(existsSync(join(root, system.toplevel, 'hostname'))).toBe(true);
    expect(nix(['nix-store', '--store', store, '--query', '--hash', system.toplevel])).toBe(
      nix(['nix-store', '--query', '--hash', system.toplevel]),
    );
  });

  it('never pushes the build closure to a host: the closure a deploy pushes is the run-time closure alone', async () => {
    const pushed = (await readHostClosure(cacheLayout(cacheRoot), system.toplevel)).paths.map((p) => printStorePath(p.narinfo.storePath));
    const runtime = nix(['nix-store', '--query', '--requisites', system.toplevel]).trim().split('\n');
    expect([...pushed].sort()).toEqual([...runtime].sort());
    expect(pushed.filter((p) => p.endsWith('.drv') || p === system.fetched)).toEqual([]);
  });

  it('cache gc keeps the build closure as long as its system is kept: by a kept bundle, or by a host that still uses it', async () => {
    // Bundle 2 brings plc1 a new system (no build closure), so keep 1 no longer keeps bundle 1.
    const next = buildStorePath(`nixos-system-plc1-next-${process.pid}`, '/bin/mkdir $out; /bin/echo next > $out/hostname');
    const bundle2 = join(work, 'next.airlock');
    const made = run([
      'bundle',
      'create',
      '--out',
      bundle2,
      '--site',
      'accel-ctl',
      '--sequence',
      '2',
      '--sign',
      keyFile,
      '--system',
      `plc1=${next}`,
    ]);
    expect(made.status, made.stderr).toBe(0);
    expect(run(['cache', 'import', bundle2]).status).toBe(0);
    const layout = cacheLayout(cacheRoot);
    const build = manifestOf(join(work, 'with-build.airlock')).buildClosure ?? [];
    const dropped = async (keep: number, inUse: readonly string[]) =>
      (await planCacheGc(layout, { keep, pathsInUse: new Set(inUse) })).droppedPaths.map((p) => p.path);

    expect(await dropped(2, [])).toEqual([]);
    // Nothing keeps the old system: its build closure goes with it.
    const unkept = await dropped(1, []);
    expect(unkept).toEqual(expect.arrayContaining([...build, system.toplevel]));
    // A host still runs it: the system and what rebuilds it stay.
    const inUse = await planCacheGc(layout, { keep: 1, pathsInUse: new Set([system.toplevel]) });
    expect(inUse.droppedBundles.map((b) => b.name)).toEqual(['accel-ctl-1']);
    expect(inUse.droppedPaths.map((p) => p.path).filter((p) => build.includes(p) || p === system.toplevel)).toEqual([]);
    // Once bundle 1's manifest is gone, the narinfos still tie the build closure to the system in use.
    await gcCache(layout, inUse);
    expect(existsSync(join(cacheRoot, 'bundles', 'accel-ctl-1.json'))).toBe(false);
    expect((await dropped(1, [system.toplevel])).filter((p) => build.includes(p))).toEqual([]);
    expect(await dropped(1, [])).toEqual(expect.arrayContaining(build));
  });
});
