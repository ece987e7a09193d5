// How to deploy, option for option as `airlock deploy` takes them: the action,
// the confirm timeout, magic rollback, hosts at a time, and waves with the
// number of failed hosts that stops them. Left empty, each takes the engine's
// default, as a left-out flag does.
import { ACTIVATION_ACTIONS_VIEW } from './activation-actions';
import { useApp } from '../../store/use-app';

/** A whole number from a field, or null when it is empty (the default). */
const wholeOrNull = (text: string, min: number): number | null =>
  text.trim() === '' ? null : Math.max(min, Math.floor(Number(text)) || min);

export function DeployOptionsFields() {
  const o = useApp((s) => s.deployOptions);
  const set = useApp((s) => s.setDeployOptions);
  return (
    <fieldset>
      <legend>How</legend>
      <div className="toolbar">
        <label>
          Action
          <select value={o.action} onChange={(e) => set({ action: e.target.value as typeof o.action })}>
            <option value="">as the bundle says</option>
            {ACTIVATION_ACTIONS_VIEW.map((a) => (
              <option key={a.value} value={a.value}>
                {a.words}
              </option>
            ))}
          </select>
        </label>
        <label>
          Confirm timeout (s)
          <input
            type="number"
            min={1}
            placeholder="default"
            disabled={!o.magicRollback}
            value={o.confirmTimeoutSeconds ?? ''}
            onChange={(e) => set({ confirmTimeoutSeconds: wholeOrNull(e.target.value, 1) })}
          />
        </label>
        <label className="radio">
          <input type="checkbox" checked={o.magicRollback} onChange={(e) => set({ magicRollback: e.target.checked })} />
          Magic rollback (the host restores its old generation unless confirmed in time)
        </label>
        <label>
          Hosts at a time
          <input
            type="number"
            min={1}
            max={1000}
            placeholder="8"
            value={o.parallel ?? ''}
            onChange={(e) => set({ parallel: wholeOrNull(e.target.value, 1) })}
          />
        </label>
      </div>
      <div className="toolbar">
        <label>
          Waves
          <input
            type="text"
            placeholder="e.g. 1,10%,100%"
            value={o.waves}
            onChange={(e) => set({ waves: e.target.value })}
            aria-describedby="waves-help"
          />
        </label>
        <label>
          Max failed
          <input
            type="number"
            min={0}
            placeholder="0"
            disabled={o.waves.trim() === ''}
            value={o.maxFailed ?? ''}
            onChange={(e) => set({ maxFailed: wholeOrNull(e.target.value, 0) })}
          />
        </label>
        <span id="waves-help" className="muted small">
          Wave sizes, each a count or a percentage of the hosts, in their order; the last size repeats. A wave starts when the one before
          has finished; once more hosts than “max failed” have failed or rolled back, no further wave starts.
        </span>
      </div>
    </fieldset>
  );
}
