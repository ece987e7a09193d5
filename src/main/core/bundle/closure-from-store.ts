// The closure of some store paths in the local Nix store, with each path's
// NarHash, NarSize, references and deriver as Nix's database records them. Nix's
// own commands answer (`nix-store -qR`, `nix path-info --json`): the build
// side has Nix, and its database is the authority on what a path is. A `.drv`
// (a build closure holds them) is asked with `nix-store --dump-db`, because
// `nix path-info` takes a `.drv` for the outputs it builds.
import { execFile } from 'node:child_process';
import { formatHash, parseHash } from '../nix/hash';
import { parseStorePath, storePathBaseName } from '../nix/store-path';
import { byStorePath, type ClosureEntry } from './closure-entry';
import { compareByteOrder } from './manifest-rules';

/** Runs a command (argument vector, no shell) and gives its stdout. */
export type CommandRunner = (command: string, args: readonly string[]) => Promise<string>;

export const runCommand: CommandRunner = (command, args) =>
  new Promise((resolve, reject) => {
    execFile(command, [...args], { maxBuffer: 1 << 30, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (!err) return resolve(stdout);
      const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
      reject(
        new Error(
          missing
            ? `${command} is not installed: creating a bundle from the store needs Nix`
            : `${command} failed: ${stderr.trim() || err.message}`,
        ),
      );
    });
  });

// `nix path-info` is a "new" command, experimental in the Nix versions we meet.
const NIX = ['--extra-experimental-features', 'nix-command'];
// Keep each argument vector well below ARG_MAX on closures of many thousand paths.
const BATCH = 500;

interface PathInfoJson {
  readonly path: string;
  readonly valid?: boolean;
  readonly narHash?: string;
  readonly narSize?: number;
  readonly references?: readonly string[];
  readonly deriver?: string | null;
  readonly ca?: string | null;
}

function entryOf(info: PathInfoJson): ClosureEntry {
  if (info.valid === false || !info.narHash || !info.narSize || !info.references) {
    throw new Error(`${info.path} is not valid in the local Nix store`);
  }
  return {
    path: info.path,
    narHash: formatHash(parseHash(info.narHash)),
    narSize: info.narSize,
    references: info.references.map((r) => storePathBaseName(parseStorePath(r))).sort(compareByteOrder),
    ...(info.deriver ? { deriver: storePathBaseName(parseStorePath(info.deriver)) } : {}),
    ...(info.ca ? { ca: info.ca } : {}),
  };
}

/**
 * The registrations `nix-store --dump-db` prints: per path its line, the NarHash
 * in base16, NarSize, deriver (empty when none), the number of references, then
 * each reference.
 */
export function parseDumpDb(text: string): ClosureEntry[] {
  const lines = text.split('\n');
  const entries: ClosureEntry[] = [];
  let i = 0;
  const next = (): string => {
    const line = lines[i++];
    if (line === undefined) throw new Error('nix-store --dump-db ended in the middle of a path');
    return line;
  };
  while (i < lines.length && lines[i] !== '') {
    const path = next();
    parseStorePath(path);
    const narHash = formatHash(parseHash(`sha256:${next()}`));
    const narSize = Number(next());
    const deriver = next();
    const count = Number(next());
    if (!Number.isSafeInteger(narSize) || narSize < 1 || !Number.isSafeInteger(count) || count < 0) {
      throw new Error(`nix-store --dump-db printed an unexpected registration for ${path}`);
    }
    const references = Array.from({ length: count }, () => storePathBaseName(parseStorePath(next())));
    entries.push({
      path,
      narHash,
      narSize,
      references: references.sort(compareByteOrder),
      ...(deriver ? { deriver: storePathBaseName(parseStorePath(deriver)) } : {}),
    });
  }
  return entries;
}

async function drvEntries(drvs: readonly string[], run: CommandRunner): Promise<ClosureEntry[]> {
  const entries: ClosureEntry[] = [];
  for (let i = 0; i < drvs.length; i += BATCH)
    entries.push(...parseDumpDb(await run('nix-store', ['--dump-db', ...drvs.slice(i, i + BATCH)])));
  const found = new Set(entries.map((e) => e.path));
  const missing = drvs.find((d) => !found.has(d));
  if (missing) throw new Error(`nix-store --dump-db said nothing about ${missing}`);
  return entries;
}

const isDrv = (path: string): boolean => path.endsWith('.drv');

/** Every path in the closure of `toplevels` (any store paths, `.drv` files too), sorted by path. */
export async function closureFromStore(toplevels: readonly string[], run: CommandRunner = runCommand): Promise<readonly ClosureEntry[]> {
  for (const t of toplevels) parseStorePath(t);
  const listed = (await run('nix-store', ['--query', '--requisites', ...toplevels])).split('\n').filter((l) => l !== '');
  const all = [...new Set(listed)];
  for (const p of all) parseStorePath(p);
  const entries: ClosureEntry[] = await drvEntries(all.filter(isDrv), run);
  const paths = all.filter((p) => !isDrv(p));
  for (let i = 0; i < paths.length; i += BATCH) {
    const batch = paths.slice(i, i + BATCH);
    const infos = JSON.parse(await run('nix', [...NIX, 'path-info', '--json', ...batch])) as PathInfoJson[];
    const byPath = new Map(infos.map((info) => [info.path, info]));
    for (const p of batch) {
      const info = byPath.get(p);
      if (!info) throw new Error(`nix path-info said nothing about ${p}`);
      entries.push(entryOf(info));
    }
  }
  return entries.sort(byStorePath);
}
