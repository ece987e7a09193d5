// Rule 9, second half: a bundle file rewritten while it is being imported
// makes the import fail, or the import writes to the cache only the bytes it
// hashed. A real `airlock cache import` runs as a child process while this
// test overwrites its big NAR file in place (same size, random blocks at
// random offsets) until the child exits, starting at a different moment each
// time: before the NAR is read, while it is, and after it was hashed.
import { beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { airlock } from '../helpers/run-cli';
import { tempDir } from '../helpers/tmp';
import { buildStorePath } from '../helpers/real-nix';
import { makeNixBundle } from '../helpers/nix-made-bundle';
import { snapshot } from '../helpers/bundle-forge';
import { parseNarInfo } from '../../src/main/core/nix/narinfo';

const BLOCK = 64 * 1024;
const BIN = resolve(import.meta.dirname, '../../bin/airlock.mjs');
const work = tempDir();
const keyFile = join(work, 'build.sec');
const pristine = { data: join(work, 'data'), root: join(work, 'cache'), bundle: join(work, 'pristine.airlock') };
/** The big NAR, relative to the bundle folder, and its size. */
let bigNar: { readonly rel: string; readonly size: number };

interface Trial {
  readonly data: string;
  readonly root: string;
  readonly bundle: string;
}

/** A site, an empty cache and the bundle, copied afresh so each import starts from the same state. */
function fresh(name: string): Trial {
  const trial = { data: join(work, name, 'data'), root: join(work, name, 'cache'), bundle: join(work, name, 'b.airlock') };
  cpSync(pristine.data, trial.data, { recursive: true });
  cpSync(pristine.root, trial.root, { recursive: true });
  cpSync(pristine.bundle, trial.bundle, { recursive: true });
  return trial;
}

interface Outcome {
  readonly rewriteFrom: 'start' | number;
  readonly code: number | null;
  readonly stderr: string;
  /** Writes to the NAR file made before the child was seen to exit. */
  readonly writes: number;
}

/**
 * When the import's copy of the big NAR (a `.partial-` file in the cache) has
 * reached `fraction` of its size, i.e. that much of the NAR has been read and
 * hashed; also when the copy is renamed into place (all of it), or the child
 * is gone.
 */
async function copyReached(trial: Trial, fraction: number, gone: () => boolean): Promise<void> {
  const narDir = join(trial.root, 'cache', 'nar');
  const name = basename(bigNar.rel);
  for (let seen: string | undefined; !gone(); await new Promise((r) => setImmediate(r))) {
    const names = await readdir(narDir).catch((): string[] => []);
    if (names.includes(name)) return;
    seen ??= names.find((n) => n.startsWith('.partial-') && n.endsWith(name));
    if (seen === undefined) continue;
    const size = (await stat(join(narDir, seen)).catch(() => undefined))?.size;
    if (size === undefined || size >= fraction * bigNar.size) return;
  }
}

/** Runs the import; from the moment `rewriteFrom` says on, overwrites blocks of the big NAR until the child exits. */
async function importWhileRewriting(trial: Trial, rewriteFrom: 'start' | number): Promise<Outcome> {
  const child = spawn(process.execPath, [BIN, 'cache', 'import', trial.bundle, '--cache', trial.root], {
    env: { ...process.env, AIRLOCK_DATA_DIR: trial.data },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let exited = false;
  const exit = new Promise<number | null>((done) => child.on('close', (code) => ((exited = true), done(code))));
  let writes = 0;
  if (typeof rewriteFrom === 'number') await copyReached(trial, rewriteFrom, () => exited);
  const fh = await open(join(trial.bundle, bigNar.rel), 'r+');
  try {
    while (!exited) {
      await fh.write(randomBytes(BLOCK), 0, BLOCK, randomInt(0, bigNar.size - BLOCK));
      if (!exited) writes++;
    }
  } finally {
    await fh.close();
  }
  return { rewriteFrom, code: await exit, stderr, writes };
}

beforeAll(() => {
  const blob = buildStorePath('airlock-rewrite-blob', '/usr/bin/head -c 24000000 /dev/urandom > $out');
  const toplevel = buildStorePath('airlock-rewrite-system', `/bin/echo ${blob} > $out`, [blob]);
  const env = { AIRLOCK_DATA_DIR: pristine.data };
  expect(airlock(['keys', 'generate', '--name', 'build-1', '--secret-key', keyFile, '--public-key', join(work, 'build.pub')]).status).toBe(
    0,
  );
  expect(airlock(['site', 'init', '--name', 'accel-ctl', '--trust', join(work, 'build.pub')], env).status).toBe(0);
  expect(airlock(['cache', 'init', pristine.root], env).status).toBe(0);
  // Uncompressed, so the NAR file is the 24 MB and every block written lands in it as is.
  makeNixBundle(pristine.bundle, { site: 'accel-ctl', sequence: 1, host: 'plc1', toplevel, compression: 'none', keyFile });
  const cacheDir = join(pristine.bundle, 'cache');
  const infos = readdirSync(cacheDir)
    .filter((f) => f.endsWith('.narinfo'))
    .map((f) => parseNarInfo(readFileSync(join(cacheDir, f), 'utf8')));
  const big = infos.find((i) => i.narSize > 20_000_000);
  if (!big?.fileSize) throw new Error('the bundle has no big NAR with a FileSize');
  bigNar = { rel: join('cache', big.url), size: big.fileSize };
});

describe('a bundle rewritten during its import (rule 9)', () => {
  it('fails naming rule 7 with the cache unchanged, or imports exactly what was hashed', async () => {
    // Rewriting starts at once (before the NAR is read), while it is being
    // read (half of it copied), and once all of it was read and hashed.
    const moments = ['start', 0, 0.5, 1, 1] as const;
    const outcomes: Outcome[] = [];
    for (const [i, moment] of moments.entries()) {
      const trial = fresh(`run-${i}`);
      const before = snapshot(trial.root);
      const outcome = await importWhileRewriting(trial, moment);
      outcomes.push(outcome);
      if (outcome.code === 1) {
        expect(outcome.stderr).toMatch(/^airlock: bundle refused \(rule 7\): the NAR file of \/nix\/store\/\S+-airlock-rewrite-blob /);
        expect(snapshot(trial.root)).toEqual(before);
        continue;
      }
      expect(outcome.code, outcome.stderr).toBe(0);
      const verify = airlock(['cache', 'verify', '--cache', trial.root, '--json'], { AIRLOCK_DATA_DIR: trial.data });
      expect(verify.status, verify.text + verify.stderr).toBe(0);
      // Every NAR in the cache is the one the narinfos promise: the bundle's bytes before any rewriting.
      for (const nar of readdirSync(join(trial.root, 'cache', 'nar'))) {
        expect(
          readFileSync(join(trial.root, 'cache', 'nar', nar)).equals(readFileSync(join(pristine.bundle, 'cache', 'nar', nar))),
          nar,
        ).toBe(true);
      }
    }
    // The rewriting really overlapped the imports (else this test proves nothing),
    // and both halves of the rule were seen: a refusal, and an import that kept
    // what it had hashed although the file changed before it finished.
    const seen = JSON.stringify(outcomes);
    expect(outcomes.filter((o) => o.writes > 0).length, seen).toBeGreaterThan(0);
    expect(
      outcomes.some((o) => o.code === 1 && o.writes > 0),
      seen,
    ).toBe(true);
    expect(
      outcomes.some((o) => o.code === 0 && o.writes > 0),
      seen,
    ).toBe(true);
    console.info(
      `rewrite during import: ${outcomes.map((o) => `from ${o.rewriteFrom}: exit ${o.code} after ${o.writes} writes`).join('; ')}`,
    );
  });
});
