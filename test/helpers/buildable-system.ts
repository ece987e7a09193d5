// A small system-like derivation that real Nix builds with no nixpkgs and no
// network, shaped like what a build closure must carry: a source (a file the
// expression names), a "fetched" input (a fixed-output derivation that copies a
// file from outside the store, as fetchurl copies from the network: once that
// file is gone, only the carried output can stand in for it), a package built
// from both, and a toplevel that references the package at run time.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { nix } from './real-nix';

export interface BuildableSystem {
  readonly toplevel: string;
  /** The toplevel's derivation. */
  readonly drv: string;
  /** The output of the fixed-output derivation (the "download"). */
  readonly fetched: string;
  /** The file outside the store that the fixed-output derivation copies: delete it to play "upstream is gone". */
  readonly upstream: string;
}

export function buildBuildableSystem(dir: string, label: string): BuildableSystem {
  mkdirSync(dir, { recursive: true });
  const upstream = join(dir, 'upstream-tarball');
  const upstreamText = `epics-base 7.0.8 source for ${label}\n`;
  writeFileSync(upstream, upstreamText);
  writeFileSync(join(dir, 'ioc.cmd'), `# startup script of ${label}\ndbLoadRecords plc.db\n`);
  const sha256 = createHash('sha256').update(upstreamText).digest('hex');
  writeFileSync(
    join(dir, 'default.nix'),
    `let
  sys = builtins.currentSystem;
  fetched = derivation { name = "epics-base-7.0.8.tar"; system = sys; builder = "/bin/sh";
    args = [ "-c" "/bin/cat ${upstream} > $out" ];
    outputHashMode = "flat"; outputHashAlgo = "sha256"; outputHash = "${sha256}"; };
  ioc = derivation { name = "ioc-${label}"; system = sys; builder = "/bin/sh";
    args = [ "-c" "/bin/mkdir -p $out/bin; /bin/cat \${fetched} > $out/base.txt; /bin/cp \${./ioc.cmd} $out/bin/st.cmd" ]; };
in derivation { name = "nixos-system-${label}-24.05.1"; system = sys; builder = "/bin/sh";
  args = [ "-c" "/bin/mkdir $out; /bin/ln -s \${ioc} $out/sw; /bin/echo ${label} > $out/hostname" ]; }
`,
  );
  const toplevel = nix(['nix-build', join(dir, 'default.nix'), '--no-out-link', '--quiet', '--option', 'substituters', '']).trim();
  const drv = nix(['nix-store', '--query', '--deriver', toplevel]).trim();
  const fetchDrv = nix(['nix-store', '--query', '--requisites', drv])
    .split('\n')
    .find((p) => p.endsWith('-epics-base-7.0.8.tar.drv'));
  if (!fetchDrv) throw new Error(`the closure of ${drv} has no fixed-output derivation`);
  const fetched = nix(['nix-store', '--query', '--outputs', fetchDrv]).trim();
  return { toplevel, drv, fetched, upstream };
}
