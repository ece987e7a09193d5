// "Clean old generations" of one host: keep the newest N, and always the
// current, booted, next-boot and every last known good generation. First a
// preview (nothing is deleted): what goes and what is kept and why; deleting
// asks for a confirmation that names the host and each generation.
import { useState } from 'react';
import type { KeepReasonView } from '../../../../shared/schemas';
import { ErrorNote } from '../../components/error-note';
import { useApp } from '../../store/use-app';
import { ConfirmCleanDialog } from './confirm-clean-dialog';

const WHY: Readonly<Record<KeepReasonView, string>> = {
  newest: 'among the newest',
  current: 'current',
  booted: 'booted',
  default: 'next boot',
  'last-known-good': 'last known good',
};

export function CleanGenerationsPanel({ host, busy }: { readonly host: string; readonly busy: boolean }) {
  const state = useApp((s) => s.cleanByHost[host]);
  const preview = useApp((s) => s.previewClean);
  const run = useApp((s) => s.runClean);
  const [keep, setKeep] = useState(state?.keep ?? 3);
  const [confirming, setConfirming] = useState(false);
  const result = state?.result ?? null;
  const deleted = result?.plan.deleted.map((g) => g.generation) ?? [];
  return (
    <section aria-labelledby="clean-title">
      <h2 id="clean-title">Clean old generations</h2>
      <form
        aria-label={`Clean old generations of ${host}`}
        className="toolbar"
        onSubmit={(e) => (e.preventDefault(), void preview(host, keep))}
      >
        <label>
          Keep the newest{' '}
          <input type="number" min={1} max={1000} value={keep} onChange={(e) => setKeep(Math.max(1, Number(e.target.value) || 1))} />
        </label>
        <button type="submit" disabled={state?.loading}>
          {state?.loading && !result ? 'Reading…' : 'Preview clean'}
        </button>
      </form>
      <ErrorNote text={state?.error} title="Clean" />
      {result ? (
        <div
          role="status"
          aria-label={`Clean ${result.applied ? 'result' : 'preview'} for ${host}`}
          className={`note ${result.applied ? 'note-ok' : ''}`}
        >
          <p>
            <strong>
              {result.applied
                ? `Deleted generation(s) ${deleted.join(', ') || 'none'} of ${host}.`
                : deleted.length === 0
                  ? `Nothing to delete on ${host}.`
                  : `Would delete generation(s) ${deleted.join(', ')} of ${host} (nothing deleted yet).`}
            </strong>
          </p>
          <ul className="details" aria-label="Generations kept">
            {result.plan.kept.map((k) => (
              <li key={k.generation}>
                kept {k.generation}: {k.why.map((w) => WHY[w]).join(', ')}
              </li>
            ))}
          </ul>
          {!result.applied && deleted.length > 0 ? (
            <button type="button" className="danger" disabled={busy || state?.loading} onClick={() => setConfirming(true)}>
              Delete {deleted.length} generation{deleted.length === 1 ? '' : 's'}…
            </button>
          ) : null}
        </div>
      ) : null}
      {confirming && result ? (
        <ConfirmCleanDialog host={host} generations={deleted} onConfirm={() => run(host)} onCancel={() => setConfirming(false)} />
      ) : null}
    </section>
  );
}
