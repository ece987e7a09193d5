// An interrupted import resumes for real: the NARs it had already checked and
// copied onto the offline cache are neither read from the bundle nor copied
// again by the next run, and the cache that run finishes verifies whole. The
// interruption here is the cache's medium filling up (a tmpfs of a few MiB,
// grown afterwards as an operator would free space), which is deterministic.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { airlock } from '../helpers/run-cli';
import { tempDir } from '../helpers/tmp';
import { nix } from '../helpers/real-nix';
import { makeNixBundle } from '../helpers/nix-made-bundle';

const work = tempDir();
const DATA = { AIRLOCK_DATA_DIR: join(work, 'data') };
const run = (args: string[]) => airlock(args, DATA);
const mountPoint = join(work, 'small-stick');
let bundle: string;

function sh(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr.toString()}`);
}

beforeAll(() => {
  if (process.getuid?.() !== 0) throw new Error('this test mounts a tmpfs and must run as root');
  // Two small paths and one too big for the stick at first; random bytes do not compress away. Added
  // to the store, and a toplevel that refers to them written at evaluation: real paths, no build needed.
  const blob = (n: number, kib: number): string => {
    const file = join(work, `airlock-resume-blob-${n}`);
    writeFileSync(file, randomBytes(kib * 1024));
    return nix(['nix-store', '--add', file]).trim();
  };
  const blobs = [blob(1, 700), blob(2, 900), blob(3, 24 * 1024)];
  const refs = blobs.map((b) => `\${builtins.storePath ${b}}`).join(' ');
  const toplevel = (
    JSON.parse(nix(['nix-instantiate', '--eval', '--read-write-mode', '-E', `builtins.toFile "airlock-resume-system" "${refs}"`])) as string
  ).trim();
  const keyFile = join(work, 'build.sec');
  expect(run(['keys', 'generate', '--name', 'build-1', '--secret-key', keyFile, '--public-key', join(work, 'build.pub')]).status).toBe(0);
  expect(run(['site', 'init', '--name', 'accel-ctl', '--trust', join(work, 'build.pub')]).status).toBe(0);
  bundle = makeNixBundle(join(work, 'resume.airlock'), {
    site: 'accel-ctl',
    sequence: 1,
    host: 'plc1',
    toplevel,
    compression: 'zstd',
    keyFile,
  });
  mkdirSync(mountPoint);
  sh('mount', ['-t', 'tmpfs', '-o', 'size=12m', 'tmpfs', mountPoint]);
});
afterAll(() => {
  spawnSync('umount', [mountPoint]);
});

const narDir = (root: string) => join(root, 'cache', 'nar');
const bundleNarBytes = () =>
  readdirSync(join(bundle, 'cache', 'nar')).reduce((sum, f) => sum + statSync(join(bundle, 'cache', 'nar', f)).size, 0);

describe('an import interrupted by a full medium, run again', () => {
  it('takes the NARs already checked and copied as they are: not read from the bundle, not copied again', () => {
    const root = join(mountPoint, 'airlock');
    expect(run(['cache', 'init', root]).status).toBe(0);
    const first = run(['cache', 'import', bundle, '--cache', root]);
    expect(first.status).toBe(1);
    expect(first.stderr).toMatch(/is full; nothing in the cache was damaged/);
    // What the first run left: checked copies (whole, named), no narinfo, nothing partial.
    const left = readdirSync(narDir(root));
    expect(left.filter((f) => f.startsWith('.partial-'))).toEqual([]);
    expect(readdirSync(join(root, 'cache')).filter((f) => f.endsWith('.narinfo'))).toEqual([]);
    const checked = left.filter((f) => f.startsWith('.checked-')).map((f) => statSync(join(narDir(root), f)));
    expect(checked.length, 'the first run checked and kept no NAR before the medium filled').toBeGreaterThanOrEqual(1);
    expect(checked.length).toBeLessThan(4);

    // The operator frees space (here: the stick grows) and runs the import again.
    sh('mount', ['-o', 'remount,size=64m', mountPoint]);
    const again = run(['cache', 'import', bundle, '--cache', root, '--json']);
    expect(again.status, again.stderr).toBe(0);
    const result = JSON.parse(again.text) as { added: string[]; resumed: string[]; bytesRead: number };
    expect(result.added).toHaveLength(4);
    expect(result.resumed).toHaveLength(checked.length);
    // Not read again: exactly the other NAR files' bytes came off the bundle.
    const resumedBytes = checked.reduce((sum, st) => sum + st.size, 0);
    expect(result.bytesRead).toBe(bundleNarBytes() - resumedBytes);
    // Not copied again: the NAR files in place are the very files the first run wrote (same inodes).
    const inodes = new Set(readdirSync(narDir(root)).map((f) => statSync(join(narDir(root), f)).ino));
    for (const st of checked) expect(inodes.has(st.ino)).toBe(true);
    expect(readdirSync(narDir(root)).filter((f) => f.startsWith('.'))).toEqual([]);
    // And the finished cache is whole: every NAR re-hashed.
    const verify = run(['cache', 'verify', '--json', '--cache', root]);
    expect(verify.status, verify.text + verify.stderr).toBe(0);
  });
});
