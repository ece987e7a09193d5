// First contact with a host: its offered keys and their fingerprints, to be
// compared with what the host's own console prints. Only the key the operator
// confirms is pinned; the engine then proves a login through that pin.
import { useState } from 'react';
import type { ScannedKey } from '../../../../shared/schemas';
import { ConfirmDialog } from '../../components/confirm-dialog';
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
  const [chosen, setChosen] = useState(keys[0]?.fingerprint ?? '');
  const [error, setError] = useState<string | null>(null);
  const confirm = (): Promise<void> => {
    setError(null);
    return onConfirm(chosen).catch((err: unknown) => setError(errorText(err)));
  };
  return (
    <ConfirmDialog
      title={`Confirm the host key of ${host}`}
      confirmLabel={`Pin this key and add ${host}`}
      busyLabel="Checking login…"
      danger={false}
      disabled={chosen === ''}
      onConfirm={confirm}
      onCancel={onCancel}
    >
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
    </ConfirmDialog>
  );
}
