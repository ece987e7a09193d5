// The hosts and the SSH host keys pinned for them; removing one asks first,
// naming the host and the key that will be forgotten.
import { useState } from 'react';
import type { HostSummary } from '../../../../shared/schemas';
import { ErrorNote } from '../../components/error-note';
import { errorText } from '../../store/types';
import { useApp } from '../../store/use-app';
import { AddHostForm } from './add-host-form';

function HostKeyRow({ host, onError }: { readonly host: HostSummary; readonly onError: (text: string) => void }) {
  const remove = useApp((s) => s.removeHost);
  const [confirming, setConfirming] = useState(false);
  return (
    <tr>
      <th scope="row">{host.name}</th>
      <td>
        {host.user}@{host.address}:{host.port}
      </td>
      <td className="mono small">
        {host.keyType} {host.fingerprint}
      </td>
      <td>
        {confirming ? (
          <span className="toolbar">
            <button type="button" className="danger" onClick={() => void remove(host.name).catch((e: unknown) => onError(errorText(e)))}>
              Confirm removing {host.name}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Keep {host.name}
            </button>
          </span>
        ) : (
          <button type="button" onClick={() => setConfirming(true)}>
            Remove {host.name}
          </button>
        )}
      </td>
    </tr>
  );
}

export function PinnedHostsPanel() {
  const hosts = useApp((s) => s.hosts);
  const [error, setError] = useState<string | null>(null);
  return (
    <section aria-labelledby="hosts-title">
      <h2 id="hosts-title">Hosts and pinned host keys</h2>
      <ErrorNote text={error} />
      <table aria-label="Pinned host keys">
        <thead>
          <tr>
            <th scope="col">Host</th>
            <th scope="col">Login</th>
            <th scope="col">Pinned key</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {hosts.map((h) => (
            <HostKeyRow key={h.name} host={h} onError={setError} />
          ))}
        </tbody>
      </table>
      <AddHostForm />
    </section>
  );
}
