// Steps 3 and 4 of an incident: the reason, typed by the operator (required:
// it goes into the record, the report and every host's audit row), and how to
// run: all at once with a limit, or canary first. Running asks for a
// confirmation that names every host and its target.
import { useState } from 'react';
import type { IncidentHostPlanView } from '../../../../shared/schemas';
import { useApp } from '../../store/use-app';
import { ConfirmIncidentDialog } from './confirm-incident-dialog';

export function RunSteps({ plans }: { readonly plans: readonly IncidentHostPlanView[] }) {
  const draft = useApp((s) => s.incidentDraft);
  const setRun = useApp((s) => s.setIncidentRun);
  const start = useApp((s) => s.startIncident);
  const replanning = useApp((s) => s.incidentPlanning);
  const [confirming, setConfirming] = useState(false);
  const runnable = plans.filter((p) => p.problem === null && !p.unchanged);
  const leftOut = plans.filter((p) => p.problem !== null);
  const reasonMissing = draft.reason.trim() === '';
  return (
    <>
      <section className="step" aria-labelledby="incident-step-3">
        <h2 id="incident-step-3">Step 3 · Why? (required)</h2>
        <label>
          Reason for the rollback
          <textarea
            rows={2}
            cols={60}
            maxLength={2000}
            required
            aria-required="true"
            value={draft.reason}
            onChange={(e) => setRun({ reason: e.target.value })}
            placeholder="What is wrong, in a few words (goes into the report and the audit log)"
          />
        </label>
      </section>
      <section className="step" aria-labelledby="incident-step-4">
        <h2 id="incident-step-4">Step 4 · Run</h2>
        <fieldset className="incident-choice">
          <legend>How to run</legend>
          <label className="radio">
            <input type="radio" name="incident-mode" checked={draft.mode === 'parallel'} onChange={() => setRun({ mode: 'parallel' })} />
            All at once
          </label>
          <label>
            At most this many hosts at a time{' '}
            <input
              type="number"
              min={1}
              max={64}
              value={draft.parallel}
              onChange={(e) => setRun({ parallel: Math.max(1, Math.min(64, Number(e.target.value) || 1)) })}
            />
          </label>
          <label className="radio">
            <input type="radio" name="incident-mode" checked={draft.mode === 'canary'} onChange={() => setRun({ mode: 'canary' })} />
            Canary first (one host and its health checks; the rest only if it got back)
          </label>
        </fieldset>
        <div className="toolbar">
          <button
            type="button"
            className="danger"
            disabled={runnable.length === 0 || reasonMissing || replanning}
            onClick={() => setConfirming(true)}
          >
            Roll back {runnable.length} host{runnable.length === 1 ? '' : 's'}…
          </button>
          <span className="muted small" aria-live="polite">
            {replanning
              ? 'Checking the picked target…'
              : runnable.length === 0
                ? 'No host can go back: see the preflight above.'
                : reasonMissing
                  ? 'Type a reason first.'
                  : 'You confirm the hosts and targets next.'}
          </span>
        </div>
      </section>
      {confirming ? (
        <ConfirmIncidentDialog
          runnable={runnable}
          leftOut={leftOut}
          draft={draft}
          onConfirm={start}
          onCancel={() => setConfirming(false)}
        />
      ) : null}
    </>
  );
}
