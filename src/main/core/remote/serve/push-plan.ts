// What a push will send, read from the offline cache before anything is
// sent: every path's narinfo and NAR file must be there, and the order puts
// each path after its references, as the remote registers a path only when
// the paths it references are valid.
import { readFile, stat } from 'node:fs/promises';
import { narUrlProblem } from '../../bundle/nar-url';
import { cacheLayout, narFilePath, narinfoPath, type CacheLayout } from '../../cache/cache-layout';
import { parseNarInfo, type NarInfo } from '../../nix/narinfo';
import { parseStorePath, printStorePath } from '../../nix/store-path';

export interface PlannedPath {
  readonly path: string;
  readonly narInfo: NarInfo;
  readonly narFile: string;
}

async function readPlannedPath(layout: CacheLayout, path: string): Promise<PlannedPath> {
  const file = narinfoPath(layout, parseStorePath(path).hashPart);
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new Error(
      err.code === 'ENOENT' ? `the cache ${layout.cacheDir} does not hold ${path} (no narinfo)` : `cannot read ${file}: ${err.message}`,
    );
  });
  const narInfo = parseNarInfo(text, file);
  if (printStorePath(narInfo.storePath) !== path) throw new Error(`${file} describes ${printStorePath(narInfo.storePath)}, not ${path}`);
  const urlProblem = narUrlProblem(narInfo.url);
  if (urlProblem) throw new Error(`${file} has URL ${JSON.stringify(narInfo.url)}, which ${urlProblem}`);
  const narFile = narFilePath(layout, narInfo.url);
  const size = await stat(narFile).then(
    (s) => s.size,
    () => undefined,
  );
  if (size === undefined) throw new Error(`the cache ${layout.cacheDir} has the narinfo of ${path} but not its NAR file ${narInfo.url}`);
  if (narInfo.fileSize !== undefined && size !== narInfo.fileSize) {
    throw new Error(`the NAR file ${narInfo.url} of ${path} has ${size} bytes, not its FileSize ${narInfo.fileSize}`);
  }
  return { path, narInfo, narFile };
}

/** Reads each path's narinfo and checks its NAR file is there; refuses with every problem listed. */
export async function readPushPlan(cacheRoot: string, paths: readonly string[]): Promise<readonly PlannedPath[]> {
  const layout = cacheLayout(cacheRoot);
  const problems: string[] = [];
  const entries: PlannedPath[] = [];
  for (const path of new Set(paths)) {
    try {
      entries.push(await readPlannedPath(layout, path));
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  if (problems.length > 0) throw new Error(`cannot push: ${problems.join('; ')}`);
  return entries;
}

/** Dependencies before dependents (self-references ignored); references outside `entries` are taken as already on the host. */
export function referenceOrder(entries: readonly PlannedPath[]): PlannedPath[] {
  const byPath = new Map(entries.map((e) => [e.path, e]));
  const done = new Set<string>();
  const order: PlannedPath[] = [];
  // Iterative depth-first walk: a system closure is deep enough that recursion is not worth the risk.
  for (const root of [...entries].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    if (done.has(root.path)) continue;
    const stack: { entry: PlannedPath; next: number }[] = [{ entry: root, next: 0 }];
    const onStack = new Set<string>([root.path]);
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { entry: PlannedPath; next: number };
      const refs = top.entry.narInfo.references.map(printStorePath);
      const ref = refs[top.next++];
      if (ref === undefined) {
        stack.pop();
        onStack.delete(top.entry.path);
        done.add(top.entry.path);
        order.push(top.entry);
        continue;
      }
      const dep = byPath.get(ref);
      if (!dep || ref === top.entry.path || done.has(ref)) continue;
      if (onStack.has(ref)) throw new Error(`the cache's references form a cycle through ${ref}`);
      onStack.add(ref);
      stack.push({ entry: dep, next: 0 });
    }
  }
  return order;
}
