// One row per host: state in a word and colour, current generation, NixOS
// and kernel versions, tags. The name opens the Host screen.
import type { HostSummary } from '../../../../shared/schemas';
import { formatTime } from '../../components/format';
import { hostState } from '../../components/host-state';
import { HostStateBadge } from '../../components/host-state-badge';
import { useApp } from '../../store/use-app';
import { currentGeneration } from './filter-hosts';

function FleetRow({ host }: { readonly host: HostSummary }) {
  const openHost = useApp((s) => s.openHost);
  const g = currentGeneration(host);
  const p = host.probe;
  return (
    <tr>
      <th scope="row">
        <button type="button" className="link" onClick={() => openHost(host.name)}>
          {host.name}
        </button>
      </th>
      <td>
        <HostStateBadge state={hostState(host)} />
        {p && !p.reachable && p.error ? <div className="muted small">{p.error}</div> : null}
      </td>
      <td>{g ? `generation ${g.generation}` : '–'}</td>
      <td>{g?.nixosVersion ?? '–'}</td>
      <td>{g?.kernelVersion ?? '–'}</td>
      <td>{host.tags.length ? host.tags.join(', ') : '–'}</td>
      <td>
        {host.address}:{host.port}
      </td>
      <td>{p ? formatTime(p.probedAt) : 'never'}</td>
    </tr>
  );
}

export function FleetTable({ hosts }: { readonly hosts: readonly HostSummary[] }) {
  return (
    <table aria-label="Hosts">
      <thead>
        <tr>
          <th scope="col">Host</th>
          <th scope="col">State</th>
          <th scope="col">Current</th>
          <th scope="col">NixOS</th>
          <th scope="col">Kernel</th>
          <th scope="col">Tags</th>
          <th scope="col">Address</th>
          <th scope="col">Last probe</th>
        </tr>
      </thead>
      <tbody>
        {hosts.map((h) => (
          <FleetRow key={h.name} host={h} />
        ))}
      </tbody>
    </table>
  );
}
