// The confirmation before a switch or rollback: DESTRUCTIVE (the running
// system changes), so it names the host and both generations with their
// versions, and asks why (the reason goes to the deployment record and the
// audit log). A host that does not confirm in time rolls itself back.
import { useEffect, useRef, useState } from 'react';
import type { GenerationInfo } from '../../../../shared/schemas';

interface Props {
  readonly kind: 'switch' | 'rollback';
  readonly host: string;
  readonly from: GenerationInfo;
  readonly to: GenerationInfo;
  /** The generation the host last booted, if it still has it: its kernel is the one running. */
  readonly booted: GenerationInfo | undefined;
  readonly onConfirm: (reason: string) => Promise<boolean>;
  readonly onCancel: () => void;
}

const describe = (g: GenerationInfo): string =>
  `generation ${g.generation} [NixOS ${g.nixosVersion ?? '?'}, kernel ${g.kernelVersion ?? '?'}]`;

/**
 * What the target's kernel means: the running kernel is the booted system's,
 * not the current one's (a switch never loads a kernel). Going to the kernel
 * already booted needs no reboot, even when the current generation's differs.
 */
function kernelNote(from: GenerationInfo, to: GenerationInfo, booted: GenerationInfo | undefined): string | null {
  const running = booted ? booted.kernelVersion : from.kernelVersion;
  if (to.kernelVersion === running) {
    return booted && from.kernelVersion !== to.kernelVersion
      ? `It runs the kernel the host booted (${to.kernelVersion ?? '?'}): no reboot is needed for it.`
      : null;
  }
  return 'The kernel differs: the host runs the new one only after a reboot.';
}

export function ConfirmGenerationDialog({ kind, host, from, to, booted, onConfirm, onCancel }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    // A modal <dialog>: focus moves in, the page behind is inert, Escape cancels.
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  const note = kernelNote(from, to, booted);
  const verb = kind === 'rollback' ? 'Roll back' : 'Switch';
  const title = kind === 'rollback' ? `Roll back ${host}?` : `Switch ${host} to generation ${to.generation}?`;
  const confirm = (): void => {
    setBusy(true);
    void onConfirm(reason).finally(() => setBusy(false));
  };
  return (
    <dialog ref={ref} aria-labelledby="gen-title" onCancel={onCancel}>
      <h2 id="gen-title">{title}</h2>
      <p>
        {host} goes from {describe(from)} to {describe(to)}. Its running system changes now; if it does not confirm over a new connection in
        time, it rolls itself back to {describe(from)}.
      </p>
      {note ? <p>{note}</p> : null}
      <label>
        Reason (written to the audit log)
        <input type="text" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
      </label>
      <div className="toolbar">
        <button type="button" className="danger" onClick={confirm} disabled={busy}>
          {verb} {host} from generation {from.generation} to {to.generation}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
