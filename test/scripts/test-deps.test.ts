// `npm test` on a machine that lacks what the tests need: it stops at once with
// the one apt-get line to run (not root), or runs apt-get itself (root). The
// machine's missing tools are made by a PATH that holds only node; apt-get is a
// recording stand-in, since a test cannot really install packages (it fails
// loudly on any call it does not expect).
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp';
import { TEST_TOOLS } from '../../scripts/test-deps.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
const work = tempDir('airlock-test-deps-');
chmodSync(work, 0o755);

/** A PATH folder with node and, if asked, an apt-get that logs its arguments and exits with `status`. */
function bin(name: string, aptGet?: { status: number }): { dir: string; log: string } {
  const dir = join(work, name);
  const log = join(dir, 'apt-get.log');
  mkdirSync(dir);
  symlinkSync(process.execPath, join(dir, 'node'));
  if (aptGet) {
    writeFileSync(
      join(dir, 'apt-get'),
      `#!/bin/sh\necho "$*" >> '${log}'\ncase "$1" in update|install) exit ${aptGet.status};; *) echo "unexpected apt-get $*" >&2; exit 99;; esac\n`,
      { mode: 0o755 },
    );
  }
  return { dir, log };
}

/** What test-deps.mjs should find missing with PATH=dir, worked out here from the files themselves. */
function expectedMissing(dir: string): { tools: string[]; packages: string[] } {
  const found = (tool: string): boolean => [dir, '/usr/local/sbin', '/usr/sbin', '/sbin'].some((d) => existsSync(join(d, tool)));
  const missing = TEST_TOOLS.filter(([tool]) => !found(tool));
  return { tools: missing.map(([tool]) => tool), packages: [...new Set(missing.map(([, pkg]) => pkg))] };
}

function node(script: string, dir: string, asNobody: boolean) {
  const argv = [
    ...(asNobody ? ['/usr/bin/setpriv', '--reuid', '65534', '--regid', '65534', '--clear-groups'] : []),
    join(dir, 'node'),
    join(ROOT, script),
  ];
  const r = spawnSync(argv[0] as string, argv.slice(1), { cwd: ROOT, env: { PATH: dir, HOME: work }, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm test on a machine without the tools', () => {
  it('not root: stops before the first step, with the one apt-get install line for exactly what is missing', () => {
    const { dir, log } = bin('user', { status: 0 });
    const { tools, packages } = expectedMissing(dir);
    expect(tools.length).toBeGreaterThan(3);
    const r = node('scripts/test-all.mjs', dir, true);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `npm test: the tests need tools this machine lacks: ${tools.join(', ')}; run as root once:\n` +
        `  sudo apt-get install -y --no-install-recommends ${packages.join(' ')}\n(or run npm test as root: it installs them itself)\n`,
    );
    expect(r.stdout).not.toContain('typecheck');
    expect(existsSync(log)).toBe(false);
  });

  it('root with apt-get: updates and installs exactly the missing packages, and stops when they are still not there', () => {
    const { dir, log } = bin('root', { status: 0 });
    const { packages } = expectedMissing(dir);
    const r = node('scripts/test-deps.mjs', dir, false);
    expect(readFileSync(log, 'utf8')).toBe(`update -qq\ninstall -y --no-install-recommends ${packages.join(' ')} -qq\n`);
    expect([r.status, r.stderr]).toEqual([1, `npm test: still missing after apt-get install: ${packages.join(', ')}\n`]);
  });

  it('root with every tool: installs nothing', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts/test-deps.mjs')], { encoding: 'utf8' });
    expect([r.status, r.stdout, r.stderr]).toEqual([0, 'every system tool the tests need is here\n', '']);
  });
});
