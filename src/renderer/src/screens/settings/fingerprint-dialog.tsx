// First contact with a host: its offered keys and their fingerprints, to be
// compared with what the host's own console prints. Only the key the operator
// confirms is pinned; the engine then proves a login through that pin.
import { useEffect, useRef, useState } from 'react';
import type { ScannedKey } from '../../../../shared/schemas';
import { ErrorNote } from '../../components/error-note';
import { errorText } from '../../store/types';

interface Props {
  readonly host: string;
  readonly where: string;
  readonly keys: readonly ScannedKey[];
  readonly onConfirm: (fingerprint: string) => Promise<void>;
  readonly onCancel: () => void;
}

export function FingerprintDialog({ host, where, keys, onConfirm, onCancel }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const [chosen, setChosen] = useState(keys[0]?.fingerprint ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    // A modal <dialog>: focus moves in, the page behind is inert, Escape cancels.
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  const confirm = (): void => {
    setBusy(true);
    setError(null);
    onConfirm(chosen)
      .catch((err: unknown) => setError(errorText(err)))
      .finally(() => setBusy(false));
  };
  return (
    <dialog ref={ref} aria-labelledby="fp-title" onCancel={onCancel}>
      <h2 id="fp-title">Confirm the host key of {host}</h2>
      <p>
        {where} offers these keys. Compare the fingerprint with the host's console (
        <code>ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub</code>) before pinning it: anyone on the path could have answered.
      </p>
      <fieldset>
        <legend>Offered host keys</legend>
        {keys.map((k) => (
          <label key={k.fingerprint} className="radio">
            <input
              type="radio"
              name="fingerprint"
              value={k.fingerprint}
              checked={chosen === k.fingerprint}
              onChange={() => setChosen(k.fingerprint)}
            />
            {k.type} <span className="mono">{k.fingerprint}</span>
          </label>
        ))}
      </fieldset>
      <ErrorNote text={error} title="Not added" />
      <div className="toolbar">
        <button type="button" onClick={confirm} disabled={busy || chosen === ''}>
          {busy ? 'Checking login…' : `Pin this key and add ${host}`}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
