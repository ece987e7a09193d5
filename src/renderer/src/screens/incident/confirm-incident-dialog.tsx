// The confirmation before an incident rollback: DESTRUCTIVE (the running
// systems change), so it names every host with the generation it leaves and
// the one it goes back to, the hosts left out, the reason and how it runs.
import type { IncidentHostPlanView } from '../../../../shared/schemas';
import type { IncidentDraft } from '../../store/incident-slice';
import { ConfirmDialog } from '../../components/confirm-dialog';

interface Props {
  readonly runnable: readonly IncidentHostPlanView[];
  readonly leftOut: readonly IncidentHostPlanView[];
  readonly draft: IncidentDraft;
  readonly onConfirm: () => Promise<boolean>;
  readonly onCancel: () => void;
}

export function ConfirmIncidentDialog({ runnable, leftOut, draft, onConfirm, onCancel }: Props) {
  const n = runnable.length;
  return (
    <ConfirmDialog
      title={`Roll back ${n} host${n === 1 ? '' : 's'} now?`}
      confirmLabel={`Roll back ${runnable.map((p) => p.host).join(', ')}`}
      onConfirm={() => onConfirm().then((ok) => ok && onCancel())}
      onCancel={onCancel}
    >
      <ul aria-label="Hosts to roll back">
        {runnable.map((p) => (
          <li key={p.host}>
            <strong>{p.host}</strong>: from generation {p.current.generation ?? '?'} to generation {p.target?.generation ?? '?'}
            {p.rebootNeeded ? ' (reboot needed afterwards)' : ''}
          </li>
        ))}
      </ul>
      {leftOut.length > 0 ? <p>Left out, nothing is done to them: {leftOut.map((p) => p.host).join(', ')}.</p> : null}
      <p>
        Reason: <q>{draft.reason.trim()}</q>
      </p>
      <p>
        {draft.mode === 'canary'
          ? `Canary first: ${runnable[0]?.host ?? '?'} alone, with its health checks; the others only if it got back.`
          : `All at once, at most ${draft.parallel} at a time.`}{' '}
        Each host that does not confirm in time puts its current system back by itself.
      </p>
    </ConfirmDialog>
  );
}
