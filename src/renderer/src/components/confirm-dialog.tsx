// The one confirmation dialog. Every destructive step (switch, rollback,
// reboot, clean, incident, pinning a host key) asks through it, so each asks
// the same way: a modal <dialog> (focus moves in, the page behind is inert,
// Escape cancels) that names what happens, an optional reason for the audit
// log, and a confirm button that stays disabled while the engine works.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

interface Props {
  readonly title: ReactNode;
  /** What happens, in words that name the host and generations. */
  readonly children: ReactNode;
  /** The confirm button's words: the action itself, never "OK". */
  readonly confirmLabel: ReactNode;
  /** Shown on the confirm button while the engine works. */
  readonly busyLabel?: ReactNode;
  /** Destructive actions are red; a key pin is not. */
  readonly danger?: boolean;
  /** Ask why: the reason goes to the deployment record and the audit log. */
  readonly askReason?: boolean;
  readonly disabled?: boolean;
  readonly onConfirm: (reason: string) => Promise<unknown>;
  readonly onCancel: () => void;
}

export function ConfirmDialog(props: Props) {
  const { title, children, confirmLabel, busyLabel, danger = true, askReason = false, disabled = false, onConfirm, onCancel } = props;
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const mounted = useRef(true);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    mounted.current = true;
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      mounted.current = false;
      dialog?.close();
    };
  }, []);
  const confirm = (): void => {
    setBusy(true);
    void onConfirm(reason).finally(() => {
      if (mounted.current) setBusy(false);
    });
  };
  return (
    <dialog ref={ref} aria-labelledby={titleId} onCancel={onCancel}>
      <h2 id={titleId}>{title}</h2>
      {children}
      {askReason ? (
        <label>
          Reason (written to the audit log)
          <input type="text" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
        </label>
      ) : null}
      <div className="toolbar">
        <button type="button" className={danger ? 'danger' : undefined} onClick={confirm} disabled={busy || disabled}>
          {busy && busyLabel !== undefined ? busyLabel : confirmLabel}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
