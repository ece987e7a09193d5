// Real Nix for tests: builds store paths with `nix-build` (builder /bin/sh, no
// nixpkgs) and runs Nix's own tools. Fails loudly when Nix is missing: these
// tests prove byte-for-byte agreement with Nix and must never silently skip.
import { execFileSync, type ExecFileSyncOptions } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// build-users-group empty: Debian's nix-bin makes no nixbld group, and Nix run as root refuses to build without one.
const NIX_ENV = { ...process.env, NIX_CONFIG: 'experimental-features = nix-command\nsandbox = false\nbuild-users-group =' };

export function nix(args: readonly string[], options: ExecFileSyncOptions = {}): string {
  const [cmd, ...rest] = args;
  if (!cmd) throw new Error('nix(): no command');
  try {
    return execFileSync(cmd, rest, { env: NIX_ENV, maxBuffer: 1 << 30, ...options, encoding: 'utf8' }) as string;
  } catch (err) {
    const e = err as { code?: string; stderr?: string };
    if (e.code === 'ENOENT') throw new Error(`${cmd} is not installed: run .ci/run or apt-get install nix-bin`, { cause: err });
    throw new Error(`${args.join(' ')} failed: ${e.stderr ?? String(err)}`, { cause: err });
  }
}

/** Raw bytes from a Nix tool (e.g. `nix-store --dump`). */
export function nixBytes(args: readonly string[]): Buffer {
  const [cmd, ...rest] = args;
  return execFileSync(cmd as string, rest, { env: NIX_ENV, maxBuffer: 2 ** 31 });
}

/**
 * Builds a store path with real Nix. `script` runs under /bin/sh with an empty
 * PATH (call tools by absolute path) and must create $out. `deps` are store
 * paths the build may reference (they become references when $out names them).
 */
export function buildStorePath(name: string, script: string, deps: readonly string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'airlock-nix-'));
  const file = join(dir, 'default.nix');
  const depAttrs = deps.map((d, i) => `dep${i} = builtins.storePath ${JSON.stringify(d)};`).join(' ');
  writeFileSync(
    file,
    `derivation { name = ${JSON.stringify(name)}; system = builtins.currentSystem; builder = "/bin/sh";
      args = [ "-c" ${JSON.stringify(script)} ]; ${depAttrs} }\n`,
  );
  // No substituters: the machine is offline and Nix would retry cache.nixos.org for seconds.
  return nix(['nix-build', file, '--no-out-link', '--quiet', '--option', 'substituters', '']).trim();
}
