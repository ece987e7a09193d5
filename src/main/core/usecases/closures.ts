// What a host's generations hold, read from its store: the size of each
// generation's closure, and what changed between a generation and the one it
// runs (packages added, removed, changed, with sizes).
import { runningGeneration } from '../../../shared/running-generation';
import { requireHost } from '../db/hosts';
import { remoteHostOf } from '../operations/remote-host-of';
import { compareClosures, readClosureSizes, readHostClosures, type ClosureComparison } from '../remote/closure-diff';
import type { HostProbe } from '../remote/probe-hosts';
import { Refusal } from '../refusal-error';
import type { UseCaseContext } from './context';
import { readCachedPath } from '../cache/cached-paths';
import { matchPaths, uniqueSizes, whyChain, type ClosureNode, type SizedPath } from '../closure/reference-graph';
import { listDeployments } from '../db/deployments';
import { parseStorePath, printStorePath } from '../nix/store-path';
import { readHostClosureGraph } from '../remote/closure-graph';
import { probeHost } from '../remote/probe-hosts';
import { BadInputError } from './refusals';

export type { SizedPath } from '../closure/reference-graph';

export type { PackageChange } from '../remote/closure-diff';

export interface GenerationClosure {
  readonly generation: number;
  readonly toplevel: string;
  readonly closureBytes: number;
  readonly paths: number;
}

export interface GenerationDiff extends Omit<ClosureComparison, 'fromBytes' | 'toBytes'> {
  readonly host: string;
  readonly from: GenerationClosure;
  readonly to: GenerationClosure;
}

/** What generation `generation` changes against the one `probe` says runs now, read on the host. */
export async function diffWithRunning(
  uc: UseCaseContext,
  probe: Pick<HostProbe, 'name' | 'generations'>,
  generation: number,
): Promise<GenerationDiff> {
  const name = probe.name;
  const host = requireHost(uc.db(), name);
  const current = runningGeneration(probe.generations);
  const other = probe.generations.find((g) => g.generation === generation);
  if (!current?.toplevel) throw new Refusal(`${name} runs none of its generations; there is no current one to compare with`);
  if (!other?.toplevel) throw new Refusal(`${name} has no generation ${generation}`);
  const closures = await readHostClosures(uc.transport, remoteHostOf(host), [current.toplevel, other.toplevel]);
  const from = closures.get(current.toplevel) ?? [];
  const to = closures.get(other.toplevel) ?? [];
  const { fromBytes, toBytes, ...changes } = compareClosures(from, to);
  return {
    host: name,
    from: { generation: current.generation, toplevel: current.toplevel, closureBytes: fromBytes, paths: from.length },
    to: { generation: other.generation, toplevel: other.toplevel, closureBytes: toBytes, paths: to.length },
    ...changes,
  };
}

/** The closure size of each of the host's generations, largest first, read on the host. */
export async function generationSizes(
  uc: UseCaseContext,
  name: string,
): Promise<{ readonly generation: number; readonly closureBytes: number }[]> {
  const sizes = await readClosureSizes(uc.transport, remoteHostOf(requireHost(uc.db(), name)));
  return [...sizes].sort((a, b) => b[0] - a[0]).map(([generation, closureBytes]) => ({ generation, closureBytes }));
}

/** Where a closure graph was read: the host's own store, or the offline cache's narinfos when the host was out of reach. */
export type ClosureSource = 'host' | 'offline-cache';

export interface ClosureGraph {
  readonly host: string;
  readonly generation: number;
  readonly toplevel: string;
  readonly source: ClosureSource;
  /** Why the host itself was not read, when the cache was. */
  readonly hostError?: string;
  readonly nodes: ReadonlyMap<string, ClosureNode>;
}

export interface ClosureReport extends Omit<ClosureGraph, 'nodes'> {
  readonly closureBytes: number;
  readonly paths: number;
  /** The largest paths by unique size (what leaves the closure with them), then by NAR size. */
  readonly byUniqueSize: readonly SizedPath[];
  readonly byNarSize: readonly SizedPath[];
}

export interface ClosureWhy extends Omit<ClosureGraph, 'nodes'> {
  readonly path: string;
  /** toplevel → … → path, each a reference of the one before. */
  readonly chain: readonly SizedPath[];
}

/** The toplevel of `generation` by the deployment records (for a host that cannot be asked). */
function recordedToplevel(uc: UseCaseContext, name: string, generation: number): string | undefined {
  for (const d of listDeployments(uc.db(), { host: name, profile: null })) {
    if (d.toGeneration === generation && d.toToplevel) return d.toToplevel;
    if (d.fromGeneration === generation && d.fromToplevel) return d.fromToplevel;
  }
  return undefined;
}

/** The closure of `toplevel` as the offline cache's narinfos describe it; undefined when the cache lacks any of it. */
async function cachedClosureGraph(uc: UseCaseContext, toplevel: string): Promise<Map<string, ClosureNode> | undefined> {
  if (!uc.cacheRoot()) return undefined;
  const layout = await uc.cache();
  const nodes = new Map<string, ClosureNode>();
  const queue = [toplevel];
  for (let i = 0; i < queue.length; i++) {
    const path = queue[i]!;
    const cached = await readCachedPath(layout, parseStorePath(path).hashPart);
    if (!cached) return undefined;
    const references = cached.narinfo.references.map(printStorePath).filter((r) => r !== path);
    nodes.set(path, { path, narSize: cached.narinfo.narSize, references });
    for (const r of references) if (!nodes.has(r) && !queue.includes(r)) queue.push(r);
  }
  return nodes;
}

/** The reference graph of the host's generation (the running one when none is given): from the host, else from the offline cache. */
export async function closureGraph(uc: UseCaseContext, name: string, generation?: number): Promise<ClosureGraph> {
  const host = requireHost(uc.db(), name);
  const probe = await probeHost(uc.transport, remoteHostOf(host));
  if (probe.reachable) {
    const chosen =
      generation === undefined ? runningGeneration(probe.generations) : probe.generations.find((g) => g.generation === generation);
    if (!chosen?.toplevel) {
      throw new BadInputError(
        generation === undefined
          ? `${name} runs none of its generations; name one (see airlock generations ${name})`
          : `${name} has no generation ${generation} (see airlock generations ${name})`,
      );
    }
    const nodes = await readHostClosureGraph(uc.transport, remoteHostOf(host), chosen.toplevel);
    return { host: name, generation: chosen.generation, toplevel: chosen.toplevel, source: 'host', nodes };
  }
  const hostError = probe.error ?? 'unreachable';
  if (generation === undefined)
    throw new Refusal(`${name} is out of reach (${hostError}); name the generation to read it from the offline cache`);
  const toplevel = recordedToplevel(uc, name, generation);
  if (!toplevel)
    throw new Refusal(`${name} is out of reach (${hostError}) and no deployment record names the toplevel of generation ${generation}`);
  const nodes = await cachedClosureGraph(uc, toplevel);
  if (!nodes)
    throw new Refusal(`${name} is out of reach (${hostError}) and the offline cache does not hold the whole closure of ${toplevel}`);
  return { host: name, generation, toplevel, source: 'offline-cache', hostError, nodes };
}

const withoutNodes = ({ nodes: _nodes, ...rest }: ClosureGraph): Omit<ClosureGraph, 'nodes'> => rest;

/** The closure's size and its largest paths, by unique size and by NAR size. */
export async function closureReport(uc: UseCaseContext, name: string, generation?: number, top = 20): Promise<ClosureReport> {
  const graph = await closureGraph(uc, name, generation);
  const sized = uniqueSizes(graph.toplevel, graph.nodes);
  const byNarSize = [...sized].sort((a, b) => b.narSize - a.narSize || a.path.localeCompare(b.path));
  return {
    ...withoutNodes(graph),
    closureBytes: sized.reduce((sum, p) => sum + p.narSize, 0),
    paths: sized.length,
    byUniqueSize: sized.slice(0, top),
    byNarSize: byNarSize.slice(0, top),
  };
}

/** The shortest chain of references that pulls `path` (a store path or a unique name fragment) into the generation's closure. */
export async function closureWhy(uc: UseCaseContext, name: string, generation: number | undefined, path: string): Promise<ClosureWhy> {
  const graph = await closureGraph(uc, name, generation);
  const matches = matchPaths(path, graph.nodes);
  if (matches.length === 0) throw new BadInputError(`no path in the closure of ${graph.toplevel} matches '${path}'`);
  if (matches.length > 1)
    throw new BadInputError(
      `'${path}' matches ${matches.length} paths; give one of them:\n  ${matches.slice(0, 30).join('\n  ')}${matches.length > 30 ? '\n  …' : ''}`,
    );
  const target = matches[0]!;
  const chain = whyChain(graph.toplevel, target, graph.nodes) ?? [];
  const unique = new Map(uniqueSizes(graph.toplevel, graph.nodes).map((p) => [p.path, p]));
  return { ...withoutNodes(graph), path: target, chain: chain.map((p) => unique.get(p)!) };
}
