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
export async function diffWithRunning(uc: UseCaseContext, probe: Pick<HostProbe, 'name' | 'generations'>, generation: number): Promise<GenerationDiff> {
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
export async function generationSizes(uc: UseCaseContext, name: string): Promise<{ readonly generation: number; readonly closureBytes: number }[]> {
  const sizes = await readClosureSizes(uc.transport, remoteHostOf(requireHost(uc.db(), name)));
  return [...sizes].sort((a, b) => b[0] - a[0]).map(([generation, closureBytes]) => ({ generation, closureBytes }));
}
