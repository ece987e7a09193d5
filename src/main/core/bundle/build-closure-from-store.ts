// What rebuilds each system offline (`bundle create --with-build-closure`,
// bundle-format.md "Format 2"): the closure of its derivation in the local
// store (every `.drv` and source, `nix-store -qd` then `nix-store -qR`) and the
// outputs of its fixed-output derivations (the fetched sources: a site with no
// network could not fetch them again), with their own closures.
import { parseStorePath } from '../nix/store-path';
import { Refusal } from '../refusal-error';
import { byStorePath, type ClosureEntry } from './closure-entry';
import { closureFromStore, runCommand, type CommandRunner } from './closure-from-store';
import { compareByteOrder } from './manifest-rules';

const NIX = ['--extra-experimental-features', 'nix-command'];

export interface BuildClosure {
  /** Every path of the build closure, sorted by path. */
  readonly entries: readonly ClosureEntry[];
}

/** Thrown when the local store cannot give a system's build closure; the message says what to do. */
export class BuildClosureUnavailable extends Refusal {
  override readonly name = 'BuildClosureUnavailable';
}

interface ShownDerivation {
  readonly outputs?: Readonly<Record<string, { readonly path?: string; readonly hashAlgo?: string; readonly hash?: string }>>;
}

async function deriversOf(toplevels: readonly string[], run: CommandRunner): Promise<string[]> {
  const lines = (await run('nix-store', ['--query', '--deriver', ...toplevels])).split('\n').filter((l) => l !== '');
  if (lines.length !== toplevels.length)
    throw new Error(`nix-store --query --deriver gave ${lines.length} answers for ${toplevels.length} paths`);
  return lines.map((drv, i) => {
    const toplevel = toplevels[i] as string;
    if (drv === 'unknown-deriver' || !drv.endsWith('.drv')) {
      throw new BuildClosureUnavailable(
        `the local Nix store does not know the derivation of ${toplevel} (it was copied in, not built here); build it on this machine (nix-build / nixos-rebuild build) and create the bundle again`,
      );
    }
    parseStorePath(drv);
    return drv;
  });
}

async function requireValid(paths: readonly string[], run: CommandRunner, what: (path: string) => string): Promise<void> {
  if (paths.length === 0) return;
  const invalid = (await run('nix-store', ['--check-validity', '--print-invalid', ...paths])).split('\n').filter((l) => l !== '');
  if (invalid.length > 0)
    throw new BuildClosureUnavailable(`${what(invalid[0] as string)}${invalid.length > 1 ? ` (and ${invalid.length - 1} more)` : ''}`);
}

/** The build closure of the systems whose toplevels are given, from the local Nix store. */
export async function buildClosureFromStore(toplevels: readonly string[], run: CommandRunner = runCommand): Promise<BuildClosure> {
  const drvs = [...new Set(await deriversOf(toplevels, run))];
  await requireValid(
    drvs,
    run,
    (drv) =>
      `the derivation ${drv} is not in the local Nix store (it may have been garbage-collected); evaluate the system again on this machine (nix-instantiate / nixos-rebuild build) and create the bundle again`,
  );
  const shown = JSON.parse(await run('nix', [...NIX, 'show-derivation', '--recursive', ...drvs])) as Record<string, ShownDerivation>;
  const fixedOutputs = new Map<string, string>();
  for (const [drv, d] of Object.entries(shown)) {
    for (const out of Object.values(d.outputs ?? {})) {
      if (!out.hashAlgo || !out.path) continue;
      parseStorePath(out.path);
      fixedOutputs.set(out.path, drv);
    }
  }
  const outputs = [...fixedOutputs.keys()].sort(compareByteOrder);
  await requireValid(
    outputs,
    run,
    (out) =>
      `the fixed-output input ${out} (a fetched source, made by ${fixedOutputs.get(out)}) is not in the local Nix store, and an offline site could not fetch it; fetch it with nix-store --realise ${fixedOutputs.get(out)} and create the bundle again`,
  );
  const entries = await closureFromStore([...drvs, ...outputs], run);
  return { entries: [...entries].sort(byStorePath) };
}
