// Package names and versions from store path names, the way Nix reads them:
// DrvName (libstore/names.cc) puts the version after the first '-' that is
// not followed by a letter, and `nix store diff-closures` first strips an
// output name (`-bin`, `-dev`, `-modules`, `-lib64`) so a package's outputs
// group under it. Both are heuristics of Nix's own; matching them keeps our
// diff and `nix store diff-closures` in agreement.

export interface DrvName {
  readonly name: string;
  /** '' when the name carries no version (`etc`, `system-path`). */
  readonly version: string;
}

/** DrvName: `hello-2.12` → hello / 2.12; `nixos-system-host1-24.05.1` → nixos-system-host1 / 24.05.1. */
export function splitDrvName(s: string): DrvName {
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '-' && i + 1 < s.length && !/[A-Za-z]/.test(s[i + 1] as string)) return { name: s.slice(0, i), version: s.slice(i + 1) };
  }
  return { name: s, version: '' };
}

// The same expression diff-closures matches against the whole name.
const OUTPUT_SUFFIX = /^(.*)-([a-z]+|lib32|lib64)$/;

/** A store path's name as diff-closures groups it: the output name stripped, then split by DrvName. */
export function packageOfPathName(pathName: string): DrvName {
  const m = OUTPUT_SUFFIX.exec(pathName);
  return splitDrvName(m ? (m[1] as string) : pathName);
}
