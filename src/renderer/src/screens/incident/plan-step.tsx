// Step 2 of an incident: per host, what it runs now, the generation it goes
// back to (its last known good, confirmed healthy on a date), what changes,
// whether a reboot is needed, and preflight: ready, already there, or left
// out and why. Hosts left out are shown, never hidden; the others go on.
import type { IncidentHostPlanView } from '../../../../shared/schemas';
import { formatTime } from '../../../../shared/format';
import { PackageDiff } from './package-diff';
import { canPick, PickTarget } from './pick-target';

const gen = (g: number | null): string => (g === null ? 'unknown' : `generation ${g}`);

export function preflightWord(p: IncidentHostPlanView): { readonly word: string; readonly cls: string } {
  if (p.problem !== null) return { word: '✕ left out', cls: 'state-left-out' };
  if (p.unchanged) return { word: '= already there', cls: 'state-online' };
  return { word: '✓ ready', cls: 'state-online' };
}

export function PlanStep({ plans, selection }: { readonly plans: readonly IncidentHostPlanView[]; readonly selection: string }) {
  const ready = plans.filter((p) => p.problem === null && !p.unchanged).length;
  const left = plans.filter((p) => p.problem !== null).length;
  return (
    <section className="step" aria-labelledby="incident-step-2">
      <h2 id="incident-step-2">Step 2 · Targets and preflight</h2>
      <p aria-live="polite">
        {selection}: {ready} of {plans.length} host{plans.length === 1 ? '' : 's'} will go back to their last known good generation
        {left > 0 ? `; ${left} left out (see why below), the others go on` : ''}.
      </p>
      <table aria-label="Incident plan">
        <thead>
          <tr>
            <th scope="col">Host</th>
            <th scope="col">Preflight</th>
            <th scope="col">Runs now</th>
            <th scope="col">Goes back to (last known good)</th>
            <th scope="col">What changes</th>
            <th scope="col">Reboot</th>
          </tr>
        </thead>
        <tbody>
          {plans.map((p) => {
            const state = preflightWord(p);
            return (
              <tr key={p.host}>
                <th scope="row">{p.host}</th>
                <td>
                  <span className={`state ${state.cls}`}>{state.word}</span>
                  {p.problem ? <p className="small pre-line">{p.problem}</p> : null}
                </td>
                <td>{gen(p.current.generation)}</td>
                <td>
                  {p.target && p.target.source !== 'picked' ? (
                    `${gen(p.target.generation)} (${p.target.source === 'adopted' ? 'adopted' : 'confirmed healthy'} ${formatTime(p.target.confirmedAt)})`
                  ) : canPick(p) ? (
                    <PickTarget plan={p} />
                  ) : (
                    'none on record'
                  )}
                </td>
                <td>{p.problem ? '–' : p.unchanged ? 'nothing: it already runs it' : <PackageDiff host={p.host} diff={p.diff} />}</td>
                <td>
                  {p.problem ? '–' : p.rebootNeeded ? <span className="state state-needs-reboot">▲ reboot needed</span> : 'no reboot'}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
