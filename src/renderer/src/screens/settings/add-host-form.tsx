// Adding a host: the operator fills in where it is, Airlock fetches the keys
// it offers, and the first-contact dialog asks to compare the fingerprint with
// the host's console before anything is pinned.
import { useState, type FormEvent } from 'react';
import type { NewHostInput, ScannedKey } from '../../../../shared/schemas';
import { ErrorNote } from '../../components/error-note';
import { errorText } from '../../store/types';
import { useApp } from '../../store/use-app';
import { FingerprintDialog } from './fingerprint-dialog';

type Draft = Omit<NewHostInput, 'fingerprint' | 'tags' | 'port'> & { readonly port: string; readonly tags: string };

const EMPTY: Draft = { name: '', address: '', port: '22', user: 'root', identity: '', tags: '' };

function field(draft: Draft, set: (d: Draft) => void, key: keyof Draft, label: string, type = 'text') {
  return (
    <label>
      {label}
      <input type={type} value={draft[key] ?? ''} onChange={(e) => set({ ...draft, [key]: e.target.value })} />
    </label>
  );
}

export function AddHostForm() {
  const scan = useApp((s) => s.scanHostKey);
  const add = useApp((s) => s.addHost);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [keys, setKeys] = useState<readonly ScannedKey[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [added, setAdded] = useState<string | null>(null);

  const fetchKeys = (e: FormEvent): void => {
    e.preventDefault();
    setError(null);
    setAdded(null);
    setBusy(true);
    scan(draft.address.trim(), Number(draft.port), draft.name.trim())
      .then(setKeys, (err: unknown) => setError(errorText(err)))
      .finally(() => setBusy(false));
  };

  const confirm = async (fingerprint: string): Promise<void> => {
    const tags = draft.tags.split(/[\s,]+/).filter(Boolean);
    const identity = draft.identity?.trim();
    const host = await add({
      name: draft.name.trim(),
      address: draft.address.trim(),
      port: Number(draft.port),
      user: draft.user.trim(),
      tags,
      fingerprint,
      ...(identity ? { identity } : {}),
    });
    setKeys(null);
    setDraft(EMPTY);
    setAdded(`Added ${host.name}; host key ${host.fingerprint} pinned.`);
  };

  return (
    <form className="card" onSubmit={fetchKeys} aria-labelledby="add-host-title">
      <h3 id="add-host-title">Add a host</h3>
      <div className="grid-form">
        {field(draft, setDraft, 'name', 'Host name')}
        {field(draft, setDraft, 'address', 'Address')}
        {field(draft, setDraft, 'port', 'SSH port', 'number')}
        {field(draft, setDraft, 'user', 'User')}
        {field(draft, setDraft, 'identity', 'Identity file (optional)')}
        {field(draft, setDraft, 'tags', 'Tags (comma separated)')}
      </div>
      <button type="submit" disabled={busy}>
        {busy ? 'Fetching host key…' : 'Fetch host key'}
      </button>
      <ErrorNote text={error} />
      {added ? (
        <p role="status" className="note note-ok">
          {added}
        </p>
      ) : null}
      {keys ? (
        <FingerprintDialog
          host={draft.name.trim()}
          where={`${draft.address}:${draft.port}`}
          keys={keys}
          onConfirm={confirm}
          onCancel={() => setKeys(null)}
        />
      ) : null}
    </form>
  );
}
