// The Fleet screen's filter: a tag, and text matched against name, address,
// tags, state and versions. Pure, so it is cheap to run on every keystroke.
import { runningGeneration } from '../../../../shared/running-generation';
import type { HostSummary } from '../../../../shared/schemas';
import { hostState } from '../../components/host-state';
import type { HostFilter } from '../../store/hosts-slice';

export function currentGeneration(host: HostSummary) {
  return host.probe ? runningGeneration(host.probe.generations) : undefined;
}

/** `flagsOf` adds the deploy states (deploying, rolled back…) to the words matched. */
export function filterHosts(
  hosts: readonly HostSummary[],
  filter: HostFilter,
  flagsOf: (h: HostSummary) => readonly string[] = () => [],
): readonly HostSummary[] {
  const text = filter.text.trim().toLowerCase();
  return hosts.filter((h) => {
    if (filter.tag !== '' && !h.tags.includes(filter.tag)) return false;
    if (text === '') return true;
    const g = currentGeneration(h);
    const words = [h.name, h.address, hostState(h), ...flagsOf(h), ...h.tags, g?.nixosVersion ?? '', g?.kernelVersion ?? ''];
    return words.some((w) => w.toLowerCase().includes(text));
  });
}

export function allTags(hosts: readonly HostSummary[]): readonly string[] {
  return [...new Set(hosts.flatMap((h) => h.tags))].sort();
}
