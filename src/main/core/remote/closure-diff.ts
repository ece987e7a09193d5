// What two generations of a host differ in, read from the host's own store
// (the offline cache may no longer hold an old generation's paths): one ssh
// round trip lists both closures with each path's NAR size, and a pure
// function groups them by package the way `nix store diff-closures` does.
// Read-only on the host. The toplevels travel as arguments of a constant
// script (quoted word by word by the transport), never inside it.
import { packageOfPathName } from '../nix/drv-name';
import { parseStorePath } from '../nix/store-path';
import type { RemoteHost } from './remote-host';
import type { SshTransport } from './ssh-transport';

export interface ClosurePath {
  readonly path: string;
  readonly narSize: number;
}

export interface PackageChange {
  readonly name: string;
  readonly from: readonly string[];
  readonly to: readonly string[];
  readonly sizeDelta: number;
}

export interface ClosureComparison {
  readonly added: readonly PackageChange[];
  readonly removed: readonly PackageChange[];
  readonly changed: readonly PackageChange[];
  readonly fromBytes: number;
  readonly toBytes: number;
}

// `paste` pairs each path with the size `nix-store -q --size` printed for it:
// both list the paths in the same order, and xargs keeps a long closure under ARG_MAX.
const CLOSURES_SCRIPT = `
LC_ALL=C; export LC_ALL
t=$(mktemp) || exit 1
for top in "$@"; do
  printf 'closure\\t%s\\n' "$top"
  if nix-store -qR "$top" > "$t"; then xargs nix-store -q --size < "$t" | paste "$t" -; else printf 'error\\t%s\\n' "$top"; fi
done
rm -f "$t"
`;

// Each generation's closure size, summed on the host so only one number per generation crosses the link.
const SIZES_SCRIPT = `
LC_ALL=C; export LC_ALL
for l in /nix/var/nix/profiles/system-*-link; do
  [ -e "$l" ] || continue
  n=\${l##*/system-}; n=\${n%-link}; total=0
  for s in $(nix-store -qR "$l" 2>/dev/null | xargs nix-store -q --size 2>/dev/null); do total=$((total + s)); done
  printf '%s\\t%s\\n' "$n" "$total"
done
`;

/** The closures of `toplevels` on the host, by toplevel, in one round trip. */
export async function readHostClosures(
  transport: SshTransport,
  host: RemoteHost,
  toplevels: readonly string[],
): Promise<Map<string, ClosurePath[]>> {
  for (const t of toplevels) parseStorePath(t);
  const r = await transport.run(host, ['sh', '-c', CLOSURES_SCRIPT, 'closures', ...toplevels], { timeoutMs: 120_000 });
  const closures = new Map<string, ClosurePath[]>();
  let current: ClosurePath[] | undefined;
  for (const line of r.stdout.split('\n')) {
    const [first = '', second = ''] = line.split('\t');
    if (first === 'closure') closures.set(second, (current = []));
    else if (first === 'error') throw new Error(`${host.name} does not hold ${second} (or its closure) in its store`);
    else if (current && first.startsWith('/nix/store/') && /^\d+$/.test(second)) current.push({ path: first, narSize: Number(second) });
  }
  const missing = toplevels.filter((t) => !closures.get(t)?.length);
  if (missing.length > 0 || r.code !== 0)
    throw new Error(`reading closures on ${host.name} failed: ${r.stderr.trim() || `no closure of ${missing.join(', ')}`}`);
  return closures;
}

/** Each generation's closure size (NAR bytes) on the host, by generation number. */
export async function readClosureSizes(transport: SshTransport, host: RemoteHost): Promise<Map<number, number>> {
  const r = await transport.run(host, ['sh', '-c', SIZES_SCRIPT], { timeoutMs: 120_000 });
  const sizes = new Map<number, number>();
  for (const line of r.stdout.split('\n')) {
    const m = /^(\d+)\t(\d+)$/.exec(line);
    if (m) sizes.set(Number(m[1]), Number(m[2]));
  }
  return sizes;
}

interface Group {
  readonly versions: Set<string>;
  size: number;
}

function group(closure: readonly ClosurePath[]): Map<string, Group> {
  const groups = new Map<string, Group>();
  for (const p of closure) {
    const { name, version } = packageOfPathName(parseStorePath(p.path).name);
    const g = groups.get(name) ?? { versions: new Set<string>(), size: 0 };
    g.versions.add(version);
    g.size += p.narSize;
    groups.set(name, g);
  }
  return groups;
}

const sorted = (s: ReadonlySet<string> | undefined): string[] => [...(s ?? [])].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
const sameSet = (a: ReadonlySet<string>, b: ReadonlySet<string>): boolean => a.size === b.size && [...a].every((v) => b.has(v));

/** Packages added, removed and changed in version from `from` to `to` (pure). */
export function compareClosures(from: readonly ClosurePath[], to: readonly ClosurePath[]): ClosureComparison {
  const before = group(from);
  const after = group(to);
  const names = [...new Set([...before.keys(), ...after.keys()])].sort();
  const added: PackageChange[] = [];
  const removed: PackageChange[] = [];
  const changed: PackageChange[] = [];
  for (const name of names) {
    const b = before.get(name);
    const a = after.get(name);
    const change = { name, from: sorted(b?.versions), to: sorted(a?.versions), sizeDelta: (a?.size ?? 0) - (b?.size ?? 0) };
    if (!b) added.push(change);
    else if (!a) removed.push(change);
    else if (!sameSet(a.versions, b.versions)) changed.push(change);
  }
  const bytes = (c: readonly ClosurePath[]): number => c.reduce((n, p) => n + p.narSize, 0);
  return { added, removed, changed, fromBytes: bytes(from), toBytes: bytes(to) };
}
