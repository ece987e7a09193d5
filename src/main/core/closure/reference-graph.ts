// A closure as a graph of store paths and their references, and what can be
// read from it without any I/O: each path's unique size (what would leave the
// closure if that path went: its subtree in the dominator tree rooted at the
// toplevel) and the shortest chain of references that pulls a path in.
// Dominators use Cooper–Harvey–Kennedy's iterative algorithm: simple, and fast
// enough for closures of a few thousand paths.

export interface ClosureNode {
  readonly path: string;
  readonly narSize: number;
  readonly references: readonly string[];
}

export interface SizedPath {
  readonly path: string;
  readonly narSize: number;
  /** Bytes that would leave the closure if nothing needed this path any more. */
  readonly uniqueSize: number;
}

/** Reverse postorder of the nodes reachable from `root` (self-references and unknown paths ignored). */
function reversePostorder(root: string, nodes: ReadonlyMap<string, ClosureNode>): string[] {
  const order: string[] = [];
  const seen = new Set<string>([root]);
  // Iterative DFS: a closure's reference chains can be deeper than the JS stack likes.
  const stack: { path: string; next: number }[] = [{ path: root, next: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const refs = nodes.get(top.path)?.references ?? [];
    if (top.next < refs.length) {
      const ref = refs[top.next++]!;
      if (!seen.has(ref) && nodes.has(ref)) {
        seen.add(ref);
        stack.push({ path: ref, next: 0 });
      }
    } else {
      order.push(top.path);
      stack.pop();
    }
  }
  return order.reverse();
}

/** Each reachable path's immediate dominator (the root maps to itself). */
export function immediateDominators(root: string, nodes: ReadonlyMap<string, ClosureNode>): Map<string, string> {
  const order = reversePostorder(root, nodes);
  const index = new Map(order.map((p, i) => [p, i]));
  const preds = new Map<string, string[]>(order.map((p) => [p, []]));
  for (const p of order) for (const r of new Set(nodes.get(p)?.references ?? [])) if (r !== p && index.has(r)) preds.get(r)!.push(p);
  const idom = new Map<string, string>([[root, root]]);
  const intersect = (a: string, b: string): string => {
    while (a !== b) {
      while (index.get(a)! > index.get(b)!) a = idom.get(a)!;
      while (index.get(b)! > index.get(a)!) b = idom.get(b)!;
    }
    return a;
  };
  for (let changed = true; changed;) {
    changed = false;
    for (const p of order) {
      if (p === root) continue;
      let next: string | undefined;
      for (const q of preds.get(p)!) if (idom.has(q)) next = next === undefined ? q : intersect(q, next);
      if (next !== undefined && idom.get(p) !== next) {
        idom.set(p, next);
        changed = true;
      }
    }
  }
  return idom;
}

/** Every path reachable from `root` with its NAR size and unique size, largest unique size first. */
export function uniqueSizes(root: string, nodes: ReadonlyMap<string, ClosureNode>): SizedPath[] {
  const idom = immediateDominators(root, nodes);
  const order = reversePostorder(root, nodes);
  const unique = new Map(order.map((p) => [p, nodes.get(p)?.narSize ?? 0]));
  // A node comes after its dominator in reverse postorder, so walking it backwards adds children before parents.
  for (let i = order.length - 1; i > 0; i--) {
    const p = order[i]!;
    const d = idom.get(p)!;
    unique.set(d, unique.get(d)! + unique.get(p)!);
  }
  return order
    .map((path) => ({ path, narSize: nodes.get(path)?.narSize ?? 0, uniqueSize: unique.get(path)! }))
    .sort((a, b) => b.uniqueSize - a.uniqueSize || b.narSize - a.narSize || a.path.localeCompare(b.path));
}

/** The shortest chain root → … → target of references (breadth first), or undefined when target is not in root's closure. */
export function whyChain(root: string, target: string, nodes: ReadonlyMap<string, ClosureNode>): string[] | undefined {
  const parent = new Map<string, string | null>([[root, null]]);
  const queue = [root];
  for (let i = 0; i < queue.length && !parent.has(target); i++) {
    const p = queue[i]!;
    for (const r of nodes.get(p)?.references ?? []) {
      if (parent.has(r) || !nodes.has(r)) continue;
      parent.set(r, p);
      queue.push(r);
    }
  }
  if (!parent.has(target)) return undefined;
  const chain: string[] = [];
  for (let p: string | null = target; p !== null; p = parent.get(p) ?? null) chain.push(p);
  return chain.reverse();
}

const nameOf = (path: string): string => {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return base.slice(base.indexOf('-') + 1);
};

/** The closure's paths whose name (after the hash) contains `fragment`, or the one path `fragment` names exactly. */
export function matchPaths(fragment: string, nodes: ReadonlyMap<string, ClosureNode>): string[] {
  if (nodes.has(fragment)) return [fragment];
  return [...nodes.keys()].filter((p) => nameOf(p).includes(fragment)).sort();
}
