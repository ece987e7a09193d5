// Step 1 of an incident: which hosts. Those the latest deployment changed
// (named, so the operator sees what that means), every host with a tag, or
// hosts ticked by hand. Submitting reads each host's plan and preflight.
import { useApp } from '../../store/use-app';

export function PickHostsStep() {
  const draft = useApp((s) => s.incidentDraft);
  const latest = useApp((s) => s.latestDeployment);
  const hosts = useApp((s) => s.hosts);
  const edit = useApp((s) => s.editIncident);
  const plan = useApp((s) => s.planIncident);
  const planning = useApp((s) => s.incidentPlanning);
  const tags = [...new Set(hosts.flatMap((h) => h.tags))].sort();
  const ready = draft.kind === 'latest-deployment' || (draft.kind === 'tag' ? draft.tag !== '' : draft.names.length > 0);
  const toggle = (name: string) =>
    edit({ names: draft.names.includes(name) ? draft.names.filter((n) => n !== name) : [...draft.names, name] });
  return (
    <section className="step" aria-labelledby="incident-step-1">
      <h2 id="incident-step-1">Step 1 · Which hosts are affected?</h2>
      <form aria-label="Affected hosts" onSubmit={(e) => (e.preventDefault(), void plan())}>
        <fieldset className="incident-choice">
          <legend>Choose the hosts</legend>
          <label className="radio">
            <input
              type="radio"
              name="incident-kind"
              checked={draft.kind === 'latest-deployment'}
              onChange={() => edit({ kind: 'latest-deployment' })}
            />
            Changed by the latest deployment
          </label>
          <p className="muted small">{latest ? `${latest.selection}: ${latest.hosts.join(', ')}` : 'No deployment on record yet.'}</p>
          <label className="radio">
            <input
              type="radio"
              name="incident-kind"
              checked={draft.kind === 'tag'}
              onChange={() => edit({ kind: 'tag', tag: draft.tag || (tags[0] ?? '') })}
            />
            Every host with a tag
          </label>
          {draft.kind === 'tag' ? (
            <label>
              Tag{' '}
              <select value={draft.tag} onChange={(e) => edit({ tag: e.target.value })}>
                {tags.map((t) => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <label className="radio">
            <input type="radio" name="incident-kind" checked={draft.kind === 'hosts'} onChange={() => edit({ kind: 'hosts' })} />
            Hosts chosen by hand
          </label>
          {draft.kind === 'hosts'
            ? hosts.map((h) => (
                <label key={h.name} className="radio">
                  <input type="checkbox" checked={draft.names.includes(h.name)} onChange={() => toggle(h.name)} />
                  {h.name}
                </label>
              ))
            : null}
        </fieldset>
        <div className="toolbar">
          <button type="submit" disabled={planning || !ready}>
            {planning ? 'Reading hosts…' : 'Show targets and preflight'}
          </button>
        </div>
      </form>
    </section>
  );
}
