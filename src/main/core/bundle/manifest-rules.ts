// The rules of a manifest that span fields (bundle-format.md, "The manifest"):
// unique hosts, paths sorted and each once, references sorted and listed, every
// toplevel and profile target listed, and `paths` exactly their closure.
// Format 2: each (host, profile) once, and at least one system or profile.
import type { Manifest } from './manifest-schema';
import { STORE_DIR } from '../nix/store-path';
import { buildClosureProblem } from './build-closure-rules';

/** Byte order of UTF-8, as the spec sorts (store paths are ASCII, but say so). */
export function compareByteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function sortedOnce(items: readonly string[], what: string): string | undefined {
  for (let i = 1; i < items.length; i++) {
    const order = compareByteOrder(items[i - 1] as string, items[i] as string);
    if (order === 0) return `${what}: ${items[i]} appears twice`;
    if (order > 0) return `${what}: ${items[i]} comes after ${items[i - 1]} (not sorted in byte order)`;
  }
  return undefined;
}

/** The first cross-field rule that `m` breaks, in words, or undefined when it follows them all. */
export function manifestRuleProblem(m: Manifest): string | undefined {
  const hosts = new Set<string>();
  for (const s of m.systems) {
    if (hosts.has(s.host)) return `systems lists host '${s.host}' twice`;
    hosts.add(s.host);
  }
  const profiles = m.profiles ?? [];
  if (m.systems.length === 0 && profiles.length === 0)
    return 'systems and profiles are both empty: the bundle must carry at least one system or profile';
  const pairs = new Set<string>();
  for (const p of profiles) {
    const pair = JSON.stringify([p.host, p.profile]);
    if (pairs.has(pair)) return `profiles lists profile ${p.profile} of host '${p.host}' twice`;
    pairs.add(pair);
  }
  const order = sortedOnce(
    m.paths.map((p) => p.path),
    'paths',
  );
  if (order) return order;
  const listed = new Map(m.paths.map((p) => [p.path, p]));
  for (const p of m.paths) {
    const refs = sortedOnce(p.references, `the references of ${p.path}`);
    if (refs) return refs;
    for (const ref of p.references) {
      if (!listed.has(`${STORE_DIR}/${ref}`)) return `${p.path} references ${ref}, which paths does not list (the closure is incomplete)`;
    }
  }
  for (const s of m.systems) {
    if (!listed.has(s.toplevel)) return `the toplevel of host '${s.host}', ${s.toplevel}, is not listed in paths`;
  }
  for (const p of profiles) {
    if (!listed.has(p.target)) return `the target of profile ${p.profile} of host '${p.host}', ${p.target}, is not listed in paths`;
  }
  const build = buildClosureProblem(m, listed, sortedOnce);
  if (build) return build;
  // Everything listed must be reachable from a toplevel, a profile target or the build closure: paths is the closure, no more.
  const reached = new Set<string>();
  const queue = [...m.systems.map((s) => s.toplevel), ...profiles.map((p) => p.target), ...(m.buildClosure ?? [])];
  while (queue.length > 0) {
    const path = queue.pop() as string;
    if (reached.has(path)) continue;
    reached.add(path);
    for (const ref of listed.get(path)?.references ?? []) queue.push(`${STORE_DIR}/${ref}`);
  }
  const stray = m.paths.find((p) => !reached.has(p.path));
  if (stray)
    return `${stray.path} is listed in paths but is in the closure of no system's toplevel${profiles.length ? ' nor of any profile target' : ''}${m.buildClosure ? ' nor of the build closure' : ''}`;
  return undefined;
}
