// Marking a generation bad, or taking the mark back (`airlock generation
// mark-bad` / `unmark-bad`), confirmed in the one dialog, naming the host and
// the generation. Nothing on the host changes: the mark only decides whether
// the generation counts as last known good (incidents, cleaning).
import { useState } from 'react';
import type { GenerationInfo } from '../../../../shared/schemas';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { ErrorNote } from '../../components/error-note';
import { useApp } from '../../store/use-app';

export interface PendingMark {
  readonly kind: 'mark' | 'unmark';
  readonly generation: GenerationInfo;
}

interface Props {
  readonly host: string;
  readonly pending: PendingMark;
  readonly onDone: () => void;
  readonly onCancel: () => void;
}

export function MarkBadDialog({ host, pending, onDone, onCancel }: Props) {
  const mark = useApp((s) => s.markGenerationBad);
  const unmark = useApp((s) => s.unmarkGenerationBad);
  // An error from an earlier attempt (another generation, perhaps) is not this dialog's.
  const [tried, setTried] = useState(false);
  const error = useApp((s) => (tried ? s.badMarkError : null));
  const g = pending.generation;
  const what = `generation ${g.generation} of ${host}`;
  const confirm = async (reason: string): Promise<void> => {
    setTried(true);
    const done = pending.kind === 'mark' ? await mark(host, g.generation, reason) : await unmark(host, g.generation);
    if (done) onDone();
  };
  return pending.kind === 'mark' ? (
    <ConfirmDialog
      title={`Mark ${what} bad?`}
      confirmLabel={`Mark ${what} bad`}
      busyLabel="Marking…"
      askReason
      onConfirm={confirm}
      onCancel={onCancel}
    >
      <p>
        {what} [NixOS {g.nixosVersion ?? '?'}] stops counting as last known good: an incident does not go back to it, and cleaning no longer
        keeps it for that reason. Nothing on {host} changes.
      </p>
      <ErrorNote text={error} title="Not marked" />
    </ConfirmDialog>
  ) : (
    <ConfirmDialog
      title={`Unmark ${what}?`}
      confirmLabel={`Unmark ${what}`}
      busyLabel="Unmarking…"
      danger={false}
      onConfirm={confirm}
      onCancel={onCancel}
    >
      <p>
        {what} counts as known good again where the records say it was confirmed healthy. Nothing on {host} changes.
      </p>
      <ErrorNote text={error} title="Not unmarked" />
    </ConfirmDialog>
  );
}
