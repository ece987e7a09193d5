// Which system each host should run according to the offline cache: the one
// in the newest accepted bundle of the site that carries a system for it. The
// Fleet flags a host that runs something else ("differs from latest bundle").
export interface HeldBundleSystems {
  readonly name: string;
  readonly site: string;
  readonly sequence: number;
  readonly systems: readonly { readonly host: string; readonly toplevel: string }[];
}

export interface LatestBundleSystem {
  /** The bundle it comes from, `<site>-<sequence>`. */
  readonly bundle: string;
  readonly sequence: number;
  readonly toplevel: string;
}

/** Each host's system in the newest bundle of `site` that carries one for it (all sites when `site` is undefined). */
export function latestBundleSystems(
  bundles: readonly HeldBundleSystems[],
  site: string | undefined,
): ReadonlyMap<string, LatestBundleSystem> {
  const systems = new Map<string, LatestBundleSystem>();
  const ours = bundles.filter((b) => site === undefined || b.site === site).sort((a, b) => a.sequence - b.sequence);
  for (const b of ours) for (const s of b.systems) systems.set(s.host, { bundle: b.name, sequence: b.sequence, toplevel: s.toplevel });
  return systems;
}
