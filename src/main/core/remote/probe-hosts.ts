// Probing hosts: one ssh round trip per host (PROBE_SCRIPT), turned into what
// `host probe` and `generations` show. A host that cannot be reached (down,
// refused, changed host key) is a result with reachable:false, never a throw,
// so one bad host does not hide the others.
import { runningGeneration as runningGenerationOf } from '../../../shared/running-generation';
import { parseProbeOutput, type ProbeFacts } from './parse-probe';
import { PROBE_SCRIPT } from './probe-script';
import type { RemoteHost } from './remote-host';
import type { SshTransport } from './ssh-transport';

export interface GenerationInfo {
  readonly generation: number;
  /** RFC 3339 (UTC): when system-N-link was made; null when stat failed. */
  readonly date: string | null;
  readonly toplevel: string | null;
  /** It is what /run/current-system points at (the running configuration). */
  readonly current: boolean;
  /** It is what /run/booted-system points at (what the host last booted). */
  readonly booted: boolean;
  /** The system profile points at it (what the next boot starts). */
  readonly default: boolean;
  readonly nixosVersion: string | null;
  readonly kernelVersion: string | null;
}

export interface HostProbe {
  readonly name: string;
  readonly reachable: boolean;
  readonly error?: string;
  readonly nixVersion: string | null;
  readonly current: string | null;
  readonly booted: string | null;
  readonly defaultGeneration: number | null;
  /** Newest first. */
  readonly generations: readonly GenerationInfo[];
  readonly freeBytesNix: number | null;
  readonly rebootNeeded: boolean;
}

export const PROBE_TIMEOUT_MS = 30_000;
// A probe is one short ssh round trip: mostly waiting, so many at once cost little.
const PARALLEL = 24;

/**
 * A reboot is needed when the kernel running now is not the one the host is
 * meant to run, i.e. when either
 *  - the current system's kernel differs from the booted one (a `switch`
 *    installed a new kernel, which only a reboot loads), or
 *  - the default generation is neither booted nor current (a `boot`
 *    activation is waiting: only a reboot brings it in).
 * A `switch` that left the kernel alone needs no reboot, although booted and
 * current then differ. Unknown facts never claim a reboot.
 */
export function rebootNeeded(facts: ProbeFacts): boolean {
  const { currentKernel, bootedKernel, current, booted } = facts;
  if (currentKernel !== null && bootedKernel !== null && currentKernel !== bootedKernel) return true;
  const target = facts.generations.find((g) => g.generation === facts.defaultGeneration)?.toplevel ?? null;
  return target !== null && booted !== null && current !== null && target !== booted && target !== current;
}

/** The generation the host runs now (see src/shared/running-generation.ts). */
export function runningGeneration(probe: Pick<HostProbe, 'generations'>): GenerationInfo | undefined {
  return runningGenerationOf(probe.generations);
}

export function hostProbeOf(name: string, facts: ProbeFacts): HostProbe {
  const { nixVersion, current, booted, defaultGeneration, freeBytesNix } = facts;
  const generations = facts.generations.map((g) => ({
    generation: g.generation,
    date: g.mtime === null ? null : new Date(g.mtime * 1000).toISOString(),
    toplevel: g.toplevel,
    current: g.toplevel !== null && g.toplevel === current,
    booted: g.toplevel !== null && g.toplevel === booted,
    default: g.generation === defaultGeneration,
    nixosVersion: g.nixosVersion,
    kernelVersion: g.kernelVersion,
  }));
  const incomplete = facts.complete ? {} : { error: `${name}: the probe's output was cut short` };
  return {
    name,
    reachable: true,
    ...incomplete,
    nixVersion,
    current,
    booted,
    defaultGeneration,
    generations,
    freeBytesNix,
    rebootNeeded: rebootNeeded(facts),
  };
}

function unreachable(name: string, error: string): HostProbe {
  return {
    name,
    reachable: false,
    error,
    nixVersion: null,
    current: null,
    booted: null,
    defaultGeneration: null,
    generations: [],
    freeBytesNix: null,
    rebootNeeded: false,
  };
}

export async function probeHost(transport: SshTransport, host: RemoteHost, timeoutMs = PROBE_TIMEOUT_MS): Promise<HostProbe> {
  try {
    // remoteCommand (in the transport) quotes each word: the remote shell runs exactly sh -c SCRIPT.
    const result = await transport.run(host, ['sh', '-c', PROBE_SCRIPT], { timeoutMs });
    return hostProbeOf(host.name, parseProbeOutput(result.stdout));
  } catch (err) {
    return unreachable(host.name, err instanceof Error ? err.message : String(err));
  }
}

/** Probes every host, at most PARALLEL at a time; results in the order of `hosts`. */
export async function probeHosts(
  transport: SshTransport,
  hosts: readonly RemoteHost[],
  timeoutMs = PROBE_TIMEOUT_MS,
): Promise<readonly HostProbe[]> {
  const results: HostProbe[] = new Array<HostProbe>(hosts.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < hosts.length; i = next++) results[i] = await probeHost(transport, hosts[i] as RemoteHost, timeoutMs);
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, hosts.length) }, worker));
  return results;
}
