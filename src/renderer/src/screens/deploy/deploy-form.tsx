// Choosing what to deploy: a bundle the offline cache holds, and hosts (the
// Fleet's selection arrives ticked). Hosts the bundle carries no system for
// cannot be ticked, and say why.
import { useApp } from '../../store/use-app';

export function DeployForm() {
  const bundles = useApp((s) => s.deployBundles);
  const draft = useApp((s) => s.deployDraft);
  const hosts = useApp((s) => s.hosts);
  const choose = useApp((s) => s.chooseDeployBundle);
  const toggle = useApp((s) => s.toggleDeployHost);
  const plan = useApp((s) => s.planDeploy);
  const planning = useApp((s) => s.planning);
  const bundle = bundles.find((b) => b.sequence === draft.bundle);
  const carried = new Set(bundle?.systems.map((s) => s.host) ?? []);
  return (
    <form aria-label="What to deploy" onSubmit={(e) => (e.preventDefault(), void plan())}>
      <div className="toolbar">
        <label>
          Bundle
          <select value={draft.bundle ?? ''} onChange={(e) => choose(Number(e.target.value))}>
            {draft.bundle === null ? <option value="">Choose a bundle</option> : null}
            {bundles.map((b) => (
              <option key={b.name} value={b.sequence}>
                {b.name} ({b.systems.length} system{b.systems.length === 1 ? '' : 's'}){b.description ? ` – ${b.description}` : ''}
              </option>
            ))}
          </select>
        </label>
      </div>
      <fieldset>
        <legend>Hosts</legend>
        {hosts.map((h) => {
          const system = bundle?.systems.find((s) => s.host === h.name);
          return (
            <label key={h.name} className="radio">
              <input type="checkbox" checked={draft.hosts.includes(h.name)} disabled={!carried.has(h.name) && !draft.hosts.includes(h.name)} onChange={() => toggle(h.name)} />
              {h.name}{' '}
              <span className="muted small">{system ? `(${system.action})` : bundle ? '(no system in this bundle)' : ''}</span>
            </label>
          );
        })}
      </fieldset>
      <div className="toolbar">
        <button type="submit" disabled={planning || draft.bundle === null || draft.hosts.length === 0}>
          {planning ? 'Planning…' : 'Show plan'}
        </button>
      </div>
    </form>
  );
}
