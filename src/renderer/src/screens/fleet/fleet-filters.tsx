// Filter the fleet by text and tag, and probe now.
import { useApp } from '../../store/use-app';
import { allTags } from './filter-hosts';

export function FleetFilters() {
  const filter = useApp((s) => s.hostFilter);
  const setFilter = useApp((s) => s.setHostFilter);
  const hosts = useApp((s) => s.hosts);
  const probing = useApp((s) => s.probing);
  const probe = useApp((s) => s.probeHosts);
  return (
    <div className="toolbar" role="search">
      <label>
        Filter hosts
        <input
          type="search"
          value={filter.text}
          onChange={(e) => setFilter({ text: e.target.value })}
          placeholder="name, address, state, version"
        />
      </label>
      <label>
        Tag
        <select value={filter.tag} onChange={(e) => setFilter({ tag: e.target.value })}>
          <option value="">All tags</option>
          {allTags(hosts).map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={() => void probe()} disabled={probing}>
        {probing ? 'Probing…' : 'Probe now'}
      </button>
    </div>
  );
}
