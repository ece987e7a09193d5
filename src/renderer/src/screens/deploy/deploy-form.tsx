// Choosing what to deploy: a bundle the offline cache holds, and hosts by
// name (the Fleet's selection arrives ticked), by tag, or all, as the command
// line chooses them. Hosts the bundle carries no system for cannot be ticked,
// and say why. Then how (deploy-options.tsx) and where the bytes come from
// (deploy-source.tsx).
import { useApp } from '../../store/use-app';
import { DeployOptionsFields } from './deploy-options';
import { DeploySourceFields } from './deploy-source';

const CHOICES = [
  { value: 'names', words: 'By name' },
  { value: 'tag', words: 'By tag' },
  { value: 'all', words: 'All hosts the bundle carries' },
] as const;

export function DeployForm() {
  const bundles = useApp((s) => s.deployBundles);
  const draft = useApp((s) => s.deployDraft);
  const hosts = useApp((s) => s.hosts);
  const choose = useApp((s) => s.chooseDeployBundle);
  const toggle = useApp((s) => s.toggleDeployHost);
  const plan = useApp((s) => s.planDeploy);
  const planning = useApp((s) => s.planning);
  const options = useApp((s) => s.deployOptions);
  const setOptions = useApp((s) => s.setDeployOptions);
  const tags = [...new Set(hosts.flatMap((h) => h.tags))].sort();
  const chosen = options.choose === 'names' ? draft.hosts.length > 0 : options.choose === 'tag' ? options.tag !== '' : true;
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
        <div className="toolbar" role="radiogroup" aria-label="Choose hosts">
          {CHOICES.map((c) => (
            <label key={c.value} className="radio">
              <input
                type="radio"
                name="deploy-choose"
                checked={options.choose === c.value}
                onChange={() => setOptions({ choose: c.value })}
              />
              {c.words}
            </label>
          ))}
        </div>
        {options.choose === 'tag' ? (
          <label>
            Tag
            <select value={options.tag} onChange={(e) => setOptions({ tag: e.target.value })}>
              <option value="">Choose a tag</option>
              {tags.map((t) => (
                <option key={t} value={t}>
                  {t} (
                  {hosts
                    .filter((h) => h.tags.includes(t))
                    .map((h) => h.name)
                    .join(', ')}
                  )
                </option>
              ))}
            </select>
          </label>
        ) : null}
        {options.choose === 'names'
          ? hosts.map((h) => {
              const system = bundle?.systems.find((s) => s.host === h.name);
              return (
                <label key={h.name} className="radio">
                  <input
                    type="checkbox"
                    checked={draft.hosts.includes(h.name)}
                    disabled={!carried.has(h.name) && !draft.hosts.includes(h.name)}
                    onChange={() => toggle(h.name)}
                  />
                  {h.name} <span className="muted small">{system ? `(${system.action})` : bundle ? '(no system in this bundle)' : ''}</span>
                </label>
              );
            })
          : null}
      </fieldset>
      <DeployOptionsFields />
      <DeploySourceFields />
      <div className="toolbar">
        <button type="submit" disabled={planning || draft.bundle === null || !chosen}>
          {planning ? 'Planning…' : 'Show plan'}
        </button>
      </div>
    </form>
  );
}
