// The fleet: stored hosts with their last probe, the Fleet screen's filter,
// and adding or removing a host (first contact: scan, confirm, pin).
import type { HostEditInput, HostProbeView, HostSummary, NewHostInput, ScannedKey } from '../../../shared/schemas';
import { errorText, type SliceOf } from './types';

export interface HostFilter {
  readonly text: string;
  /** '' for every tag. */
  readonly tag: string;
}

export interface HostsSlice {
  readonly hosts: readonly HostSummary[];
  readonly hostsLoaded: boolean;
  readonly hostsError: string | null;
  readonly probing: boolean;
  /** Hosts the engine is probing now (the periodic probe too), shown as "probing…" until their answer comes. */
  readonly probingHosts: ReadonlySet<string>;
  applyProbing(names: readonly string[]): void;
  readonly hostFilter: HostFilter;
  /** Hosts ticked on the Fleet, to deploy to together. */
  readonly selectedHosts: readonly string[];
  toggleHostSelected(name: string): void;
  setHostsSelected(names: readonly string[]): void;
  loadHosts(): Promise<void>;
  probeHosts(names?: readonly string[]): Promise<void>;
  applyProbes(probes: readonly HostProbeView[]): void;
  setHostFilter(filter: Partial<HostFilter>): void;
  /** With the name the host will have: a name already taken is refused before the host is contacted. */
  scanHostKey(address: string, port: number, name?: string): Promise<readonly ScannedKey[]>;
  addHost(host: NewHostInput): Promise<HostSummary>;
  removeHost(name: string): Promise<void>;
  /** Address, port, user, tags; the pinned key stays. */
  editHost(edit: HostEditInput): Promise<HostSummary>;
}

/** The newer of two probes of one host: a late answer to an older question never replaces a newer one. */
export function newerProbe(known: HostProbeView | null, incoming: HostProbeView | null): HostProbeView | null {
  if (known === null) return incoming;
  if (incoming === null) return known;
  return incoming.probedAt >= known.probedAt ? incoming : known;
}

export const createHostsSlice: SliceOf<HostsSlice> = (api) => (set, get) => ({
  hosts: [],
  hostsLoaded: false,
  hostsError: null,
  probing: false,
  probingHosts: new Set(),
  applyProbing: (names) => set({ probingHosts: new Set([...get().probingHosts, ...names]) }),
  hostFilter: { text: '', tag: '' },
  selectedHosts: [],
  toggleHostSelected(name) {
    const now = get().selectedHosts;
    set({ selectedHosts: now.includes(name) ? now.filter((n) => n !== name) : [...now, name].sort() });
  },
  setHostsSelected: (names) => set({ selectedHosts: [...new Set(names)].sort() }),
  async loadHosts() {
    try {
      const before = new Map(get().hosts.map((h) => [h.name, h.probe]));
      // The list can have been read before a probe event this store already applied.
      const hosts = (await api.hosts.list()).map((h) => ({ ...h, probe: newerProbe(before.get(h.name) ?? null, h.probe) }));
      set({ hosts, hostsLoaded: true, hostsError: null });
    } catch (err) {
      set({ hostsError: errorText(err), hostsLoaded: true });
    }
  },
  async probeHosts(names) {
    set({ probing: true });
    try {
      // The answer also arrives as a 'probes' event; applying it here too costs nothing.
      get().applyProbes(await api.hosts.probe(names === undefined ? {} : { names: [...names] }));
      set({ hostsError: null });
    } catch (err) {
      set({ hostsError: errorText(err) });
    } finally {
      set({ probing: false });
    }
  },
  applyProbes(probes) {
    const byName = new Map(probes.map((p) => [p.name, p]));
    const stillProbing = [...get().probingHosts].filter((n) => !byName.has(n));
    set({
      probingHosts: new Set(stillProbing),
      hosts: get().hosts.map((h) => (byName.has(h.name) ? { ...h, probe: newerProbe(h.probe, byName.get(h.name) ?? null) } : h)),
    });
  },
  setHostFilter: (filter) => set({ hostFilter: { ...get().hostFilter, ...filter } }),
  scanHostKey: (address, port, name) => api.hosts.scanKey({ address, port, ...(name ? { name } : {}) }),
  async addHost(host) {
    const added = await api.hosts.add(host);
    await get().loadHosts();
    return added;
  },
  async removeHost(name) {
    await api.hosts.remove({ name });
    await get().loadHosts();
  },
  async editHost(edit) {
    const changed = await api.hosts.set(edit);
    await get().loadHosts();
    return changed;
  },
});
