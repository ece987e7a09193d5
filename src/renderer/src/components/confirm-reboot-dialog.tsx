// The confirmation before a reboot: DESTRUCTIVE (everything the host runs
// stops until it is back), so it names the host and what it will boot, and
// asks why (the reason goes to the audit log).
import { useEffect, useRef, useState } from 'react';
import type { HostSummary } from '../../../shared/schemas';

interface Props {
  readonly host: HostSummary;
  readonly onConfirm: (reason: string) => Promise<boolean>;
  readonly onCancel: () => void;
}

function bootsInto(host: HostSummary): string {
  const g = host.probe?.generations.find((x) => x.default);
  return g
    ? `generation ${g.generation} [NixOS ${g.nixosVersion ?? '?'}, kernel ${g.kernelVersion ?? '?'}]`
    : 'the generation its system profile names';
}

export function ConfirmRebootDialog({ host, onConfirm, onCancel }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    // A modal <dialog>: focus moves in, the page behind is inert, Escape cancels.
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  const confirm = (): void => {
    setBusy(true);
    void onConfirm(reason).finally(() => setBusy(false));
  };
  return (
    <dialog ref={ref} aria-labelledby="reboot-title" onCancel={onCancel}>
      <h2 id="reboot-title">Reboot {host.name}?</h2>
      <p>
        {host.name} restarts now and boots {bootsInto(host)}. Everything it runs stops until it is back. Airlock waits for it to come back
        with a new boot id, then probes it.
      </p>
      <label>
        Reason (written to the audit log)
        <input type="text" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
      </label>
      <div className="toolbar">
        <button type="button" className="danger" onClick={confirm} disabled={busy}>
          Reboot {host.name} now
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
