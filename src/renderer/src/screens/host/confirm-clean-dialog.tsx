// The confirmation before cleaning: DESTRUCTIVE (the generations' profile
// links go, and their paths at the host's next garbage collection; nobody can
// switch back to them afterwards), so it names the host and every generation.
import { useEffect, useRef, useState } from 'react';

interface Props {
  readonly host: string;
  readonly generations: readonly number[];
  readonly onConfirm: () => Promise<boolean>;
  readonly onCancel: () => void;
}

export function ConfirmCleanDialog({ host, generations, onConfirm, onCancel }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  const list = generations.join(', ');
  const confirm = (): void => {
    setBusy(true);
    void onConfirm().finally(onCancel);
  };
  return (
    <dialog ref={ref} aria-labelledby="clean-confirm-title" onCancel={onCancel}>
      <h2 id="clean-confirm-title">Delete generations of {host}?</h2>
      <p>
        Generation(s) {list} of {host} are deleted: nobody can switch back to them afterwards. The current, booted, next-boot and last known
        good generations stay.
      </p>
      <div className="toolbar">
        <button type="button" className="danger" onClick={confirm} disabled={busy}>
          Delete generation(s) {list} of {host}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
