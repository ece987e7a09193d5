// Whom the site trusts: bundle keys and their threshold, Nix keys. Each change
// is audited by the engine, which also refuses any that would lock the site out.
import { useState, type FormEvent } from 'react';
import type { TrustedKeyView } from '../../../../shared/schemas';
import { ErrorNote } from '../../components/error-note';
import { formatTime } from '../../../../shared/format';
import { useApp } from '../../store/use-app';

function KeyTable({ title, keys }: { readonly title: string; readonly keys: readonly TrustedKeyView[] }) {
  const remove = useApp((s) => s.removeTrustedKey);
  return (
    <table aria-label={title}>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Added</th>
          <th scope="col">Public key</th>
          <th scope="col">
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {keys.map((k) => (
          <tr key={k.name}>
            <th scope="row">{k.name}</th>
            <td>{formatTime(k.added)}</td>
            <td className="mono small">{k.key}</td>
            <td>
              <button
                type="button"
                onClick={() => void remove(k.kind, k.name)}
                aria-label={`Remove ${k.kind === 'bundle' ? 'bundle' : 'narinfo'} key ${k.name}`}
              >
                Remove
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function TrustPanel() {
  const site = useApp((s) => s.site);
  const error = useApp((s) => s.siteError);
  const add = useApp((s) => s.addTrustedKey);
  const setThreshold = useApp((s) => s.setThreshold);
  const [kind, setKind] = useState<'bundle' | 'nix'>('bundle');
  const [key, setKey] = useState('');
  const [threshold, setDraft] = useState<number | null>(null);
  if (!site) return null;
  const submitKey = (e: FormEvent): void => {
    e.preventDefault();
    void add(kind, key).then((ok) => ok && setKey(''));
  };
  return (
    <section aria-labelledby="trust-title">
      <h2 id="trust-title">Trusted keys</h2>
      <ErrorNote text={error} />
      <form className="toolbar" onSubmit={(e) => (e.preventDefault(), void setThreshold(threshold ?? site.threshold))}>
        <label>
          Threshold (of {site.bundleKeys.length} bundle keys)
          <input
            type="number"
            min={1}
            max={site.bundleKeys.length}
            value={threshold ?? site.threshold}
            onChange={(e) => setDraft(Number(e.target.value))}
          />
        </label>
        <button type="submit">Set threshold</button>
      </form>
      <h3>Bundle keys (sign manifests)</h3>
      <KeyTable title="Bundle keys" keys={site.bundleKeys} />
      <h3>Nix keys (sign narinfos)</h3>
      <KeyTable title="Nix keys" keys={site.nixKeys} />
      <form className="toolbar" onSubmit={submitKey}>
        <label>
          Kind
          <select value={kind} onChange={(e) => setKind(e.target.value as 'bundle' | 'nix')}>
            <option value="bundle">bundle key</option>
            <option value="nix">Nix key</option>
          </select>
        </label>
        <label>
          Public key
          <input type="text" className="wide" value={key} onChange={(e) => setKey(e.target.value)} placeholder="name:base64" />
        </label>
        <button type="submit">Trust this key</button>
      </form>
    </section>
  );
}
