// Store paths whose names begin with a dot (issue 13, defect 2), end to end
// with real Nix and a real fleet: sources taken from `./.envrc` and friends,
// made by Nix itself, ride in a stand-in system's closure through
// `bundle create`, `cache import` and `deploy` (both push methods), and each
// host's own Nix then holds and verifies them.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runOnHost } from '../../fleet/fleet';
import type { HostOutcome } from '../../src/main/core/operations/host-outcome';
import { currentSystemOf, useFleetSite } from '../helpers/fleet-site';
import { buildStorePath, nix } from '../helpers/real-nix';
import { tempDir } from '../helpers/tmp';

const { site, host } = useFleetSite('dotnames', 2);
const src = tempDir('airlock-dot-src-');

/** A file named `name` in the source folder, with content no earlier run made (so no host already has it). */
function source(name: string): string {
  const file = join(src, name);
  writeFileSync(file, `${name} ${randomBytes(8).toString('hex')}\n`);
  return file;
}

describe('a closure holding dot-named store paths', () => {
  it('is bundled, imported and deployed, and each host verifies the dot-named paths', async () => {
    // Three ways real closures get such paths: nix-store --add, builtins.path, and a derivation.
    const envrc = nix(['nix-store', '--add', source('.envrc')]).trim();
    const gitignoreFile = source('.gitignore');
    const gitignore = JSON.parse(
      nix(['nix-instantiate', '--eval', '--read-write-mode', '-E', `builtins.path { path = ${gitignoreFile}; name = ".gitignore"; }`]),
    ) as string;
    const dots = nix(['nix-store', '--add', source('...')]).trim();
    const pkg = buildStorePath('.dotfiles-1.0', `/bin/mkdir $out; echo "$dep0 $dep1 $dep2" > $out/sources`, [envrc, gitignore, dots]);
    expect([envrc, gitignore, dots, pkg].map((p) => p.slice(44))).toEqual(['.envrc', '.gitignore', '...', '.dotfiles-1.0']);
    const dotted = [envrc, gitignore, dots, pkg];

    const tops = site.bundle(1, { host1: { version: '24.05.2', extraPaths: [pkg] }, host2: { version: '24.05.2', extraPaths: [pkg] } });

    // The offline cache is a Nix binary cache: Nix itself reads the dot-named paths from it.
    const fromCache = JSON.parse(
      nix(['nix', 'path-info', '--json', '--option', 'substituters', '', '--store', `file://${join(site.cacheRoot, 'cache')}`, ...dotted]),
    ) as { path: string; references: string[] }[];
    expect(fromCache.map((p) => p.path).sort()).toEqual([...dotted].sort());
    expect(fromCache.find((p) => p.path === pkg)?.references.sort()).toEqual([envrc, gitignore, dots].sort());

    for (const [name, method] of [
      ['host1', 'auto'],
      ['host2', 'serve'],
    ] as const) {
      const r = site.cli(['deploy', name, '--push-method', method, '--json', '--confirm-timeout', '15']);
      expect([r.status, r.stderr], name).toEqual([0, '']);
      const [outcome] = JSON.parse(r.text) as HostOutcome[];
      expect(outcome).toMatchObject({ host: name, outcome: 'succeeded', pushMethod: method === 'auto' ? 'substitute' : 'serve' });
      const h = host(name);
      expect(await currentSystemOf(h)).toBe(tops[name]);
      const closure = (await runOnHost(h, ['nix-store', '-qR', tops[name] as string])).stdout.trim().split('\n');
      expect(closure).toEqual(expect.arrayContaining(dotted));
      const verify = await runOnHost(h, ['nix-store', '--verify-path', ...dotted], { check: false });
      expect(verify.code, `${name}: ${verify.stderr}`).toBe(0);
      expect(verify.stderr, name).not.toMatch(/modified|not valid|error/);
      expect((await runOnHost(h, ['cat', envrc])).stdout).toBe(readFileSync(join(src, '.envrc'), 'utf8'));
    }
  });
});
