// Where each host gets the bytes of its system, as `deploy --mirror NAME
// [--mirror-fallback push]` chooses: pushed from this laptop (the default), or
// pulled by each host from a site mirror (Offline cache screen) by its URL,
// with the laptop pushing to a host that cannot reach it only when asked.
import { useEffect } from 'react';
import { ErrorNote } from '../../components/error-note';
import { useApp } from '../../store/use-app';

export function DeploySourceFields() {
  const mirrors = useApp((s) => s.mirrors);
  const load = useApp((s) => s.loadMirrors);
  const error = useApp((s) => s.mirrorsError);
  const o = useApp((s) => s.deployOptions);
  const set = useApp((s) => s.setDeployOptions);
  // Mirrors may have been added since (here or with `airlock mirror add`): read them afresh.
  useEffect(() => void load(), [load]);
  return (
    <fieldset>
      <legend>Bytes come from</legend>
      <div className="toolbar" role="radiogroup" aria-label="Bytes come from">
        <label className="radio">
          <input type="radio" name="deploy-source" checked={o.mirror === ''} onChange={() => set({ mirror: '' })} />
          this laptop (push)
        </label>
        {mirrors.map((m) => (
          <label key={m.name} className="radio">
            <input type="radio" name="deploy-source" checked={o.mirror === m.name} onChange={() => set({ mirror: m.name })} />
            mirror {m.name} <span className="mono small">({m.url})</span>
          </label>
        ))}
      </div>
      <ErrorNote text={error} title="Mirrors" />
      {mirrors.length === 0 ? (
        <p className="muted small">No site mirrors yet: add one on the Offline cache screen to let hosts pull from it.</p>
      ) : (
        <label className="radio">
          <input
            type="checkbox"
            disabled={o.mirror === ''}
            checked={o.mirror !== '' && o.mirrorFallbackPush}
            onChange={(e) => set({ mirrorFallbackPush: e.target.checked })}
          />
          Push from this laptop to hosts that cannot reach the mirror (otherwise such a host fails, saying why, and the others go on)
        </label>
      )}
    </fieldset>
  );
}
