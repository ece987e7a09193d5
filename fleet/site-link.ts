// A slow site link (test-fleet.md): the host's sshd runs in its own network
// namespace, joined to the machine by a veth pair whose two ends are limited
// by `tbf` (netem does not work on these machines). Everything made here is
// named from the fleet folder and the host, recorded in the fleet state and
// removed by those names, so two fleets never touch each other's links.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { run } from './run';

export const SiteLinkSchema = z.object({
  /** `ip netns` name the host's sshd runs in. */
  netns: z.string().regex(/^airlock-[0-9a-f]{8}-host\d+$/),
  /** The veth end on the machine (outside) and in the netns (inside); ≤ 15 chars each. */
  vethOutside: z.string().max(15),
  vethInside: z.string().max(15),
  outsideAddress: z.string().regex(/^10\.213\.\d+\.\d+$/),
  insideAddress: z.string().regex(/^10\.213\.\d+\.\d+$/),
  /** tc rate of both ends, e.g. "50mbit". */
  rate: z.string().regex(/^\d+(\.\d+)?[kmg]?(bit|bps)$/),
});
export type SiteLink = Readonly<z.infer<typeof SiteLinkSchema>>;

export interface SiteLinkOptions {
  /** tc rate, e.g. "50mbit", applied to both directions. */
  readonly rate: string;
}

const hash = (s: string): string => createHash('sha256').update(s).digest('hex');

/** Names only: a pure function of the fleet folder and host, so a crashed fleet's leftovers can be found again. */
export function siteLinkNames(fleetDir: string, hostName: string): Pick<SiteLink, 'netns' | 'vethOutside' | 'vethInside'> {
  const index = /^host(\d+)$/.exec(hostName)?.[1];
  if (!index) throw new Error(`not a fleet host name: ${hostName}`);
  const tag = hash(fleetDir);
  return {
    netns: `airlock-${tag.slice(0, 8)}-${hostName}`,
    vethOutside: `al${tag.slice(0, 6)}${index}o`,
    vethInside: `al${tag.slice(0, 6)}${index}i`,
  };
}

/**
 * A /30 in 10.213.0.0/16 that no interface of the machine uses yet, starting
 * at a slot picked by the names' hash so concurrent fleets rarely even probe
 * the same one.
 */
function freeSubnet(seed: string): { outside: string; inside: string } {
  const used = run(['ip', '-4', '-o', 'addr', 'show']);
  const start = parseInt(hash(seed).slice(0, 8), 16) % 16384;
  for (let i = 0; i < 16384; i++) {
    const slot = (start + i) % 16384;
    const base = `10.213.${slot >> 6}.${(slot & 63) * 4}`;
    const [a, b, c, d] = base.split('.').map(Number) as [number, number, number, number];
    const outside = `${a}.${b}.${c}.${d + 1}`;
    if (!used.includes(` ${outside}/`)) return { outside, inside: `${a}.${b}.${c}.${d + 2}` };
  }
  throw new Error('no free /30 left in 10.213.0.0/16');
}

const tbf = (rate: string): string[] => ['root', 'tbf', 'rate', rate, 'burst', '64kbit', 'latency', '400ms'];

/** Makes the netns, the veth pair, addresses, `lo` and tbf on both ends; undoes what it made when a step fails. */
export function createSiteLink(fleetDir: string, hostName: string, options: SiteLinkOptions): SiteLink {
  const names = siteLinkNames(fleetDir, hostName);
  // Same names, so the leftovers of this very fleet folder after a crash (no state file survived to remove them).
  removeSiteLink(names);
  const { outside, inside } = freeSubnet(names.netns);
  const link: SiteLink = SiteLinkSchema.parse({ ...names, outsideAddress: outside, insideAddress: inside, rate: options.rate });
  const inNs = (argv: readonly string[]): string => run(['ip', 'netns', 'exec', link.netns, ...argv]);
  try {
    run(['ip', 'netns', 'add', link.netns]);
    run(['ip', 'link', 'add', link.vethOutside, 'type', 'veth', 'peer', 'name', link.vethInside]);
    run(['ip', 'link', 'set', link.vethInside, 'netns', link.netns]);
    run(['ip', 'addr', 'add', `${outside}/30`, 'dev', link.vethOutside]);
    run(['ip', 'link', 'set', link.vethOutside, 'up']);
    inNs(['ip', 'addr', 'add', `${inside}/30`, 'dev', link.vethInside]);
    inNs(['ip', 'link', 'set', link.vethInside, 'up']);
    // SSH remote forwards bind 127.0.0.1 inside the netns, and Nix on the host must reach them.
    inNs(['ip', 'link', 'set', 'lo', 'up']);
    run(['tc', 'qdisc', 'add', 'dev', link.vethOutside, ...tbf(link.rate)]);
    inNs(['tc', 'qdisc', 'add', 'dev', link.vethInside, ...tbf(link.rate)]);
  } catch (err) {
    removeSiteLink(link);
    throw err;
  }
  return link;
}

function exists(argv: readonly string[], name: string): boolean {
  return run(argv)
    .split('\n')
    .some((line) => line.split(/[\s@:]+/).includes(name));
}

/** Removes the veth pair (deleting one end deletes both) and the netns, by name; absent ones are fine. */
export function removeSiteLink(link: Pick<SiteLink, 'netns' | 'vethOutside'>): void {
  if (exists(['ip', '-o', 'link', 'show'], link.vethOutside)) run(['ip', 'link', 'del', link.vethOutside]);
  if (exists(['ip', 'netns', 'list'], link.netns)) run(['ip', 'netns', 'del', link.netns]);
}

/** The argv that runs `inner` inside the link's netns (or as is, for a loopback host). */
export function inLinkNamespace(link: SiteLink | undefined, inner: readonly string[]): string[] {
  return link ? ['ip', 'netns', 'exec', link.netns, ...inner] : [...inner];
}
