// Issue 15: `airlock --help`, `--version` and a command's `--help` load no
// SQLite, no codecs, no zod, no SSH and no React; the engine is imported only
// when a command runs. Proven by recording every module Node resolves while
// the real command runs (bundle or sources, whichever bin/airlock.mjs picks),
// with a command that does open the database as the check that the recorder sees it.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const BIN = resolve(import.meta.dirname, '../../bin/airlock.mjs');
const RECORDER = resolve(import.meta.dirname, '../helpers/record-modules.mjs');
const HEAVY = ['better-sqlite3', 'zstd-napi', 'lzma-native', 'xz-decompress', 'unbzip2-stream', 'zod', 'react', 'react-dom'];

function loadedPackages(args: readonly string[]): { status: number; packages: Set<string>; urls: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'airlock-startup-'));
  try {
    const record = join(dir, 'modules.txt');
    const r = spawnSync(process.execPath, ['--import', RECORDER, BIN, ...args], {
      env: { ...process.env, AIRLOCK_RECORD_MODULES: record, AIRLOCK_DATA_DIR: join(dir, 'data') },
    });
    const urls = readFileSync(record, 'utf8').split('\n').filter(Boolean);
    const packages = new Set(urls.flatMap((u) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u)?.[1] ?? []));
    return { status: r.status ?? -1, packages, urls };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('start-up of the airlock command', () => {
  it.each([['--help'], ['--version'], ['deploy', '--help'], ['cache', 'import', '--help'], ['help', 'site']])(
    'airlock %s loads none of the engine',
    (...args) => {
      const { status, packages, urls } = loadedPackages(args);
      expect(status).toBe(0);
      expect(HEAVY.filter((p) => packages.has(p))).toEqual([]);
      // Under the TypeScript sources, no module of the database, the codecs or SSH either.
      expect(urls.filter((u) => /src\/main\/core\/(db\/open-database|nix\/compression|remote\/)|src\/renderer\//.test(u))).toEqual([]);
    },
  );

  it('a command that opens the site database is seen loading SQLite (the recorder works)', () => {
    const { packages } = loadedPackages(['site', 'show']);
    expect(packages.has('better-sqlite3')).toBe(true);
  });
});
