// Step 4 of the first run: the first host, added as Settings adds one (its key
// fetched, the fingerprint confirmed against its console, a login proved).
import { useApp } from '../../store/use-app';
import { AddHostForm } from '../settings/add-host-form';

export function HostStep({ onDone }: { readonly onDone: () => void }) {
  const hosts = useApp((s) => s.hosts);
  return (
    <section aria-labelledby="setup-host-title">
      <h2 id="setup-host-title">4. The first host</h2>
      {hosts.length > 0 ? (
        <p>
          Hosts so far: <span className="mono">{hosts.map((h) => h.name).join(', ')}</span>. Add another, or finish.
        </p>
      ) : (
        <p>Where the host is and how to log in; Airlock then shows the host keys it offers, to compare with its console.</p>
      )}
      <AddHostForm />
      <div className="toolbar">
        <button type="button" onClick={onDone}>
          {hosts.length > 0 ? 'Finish: open the Fleet' : 'Skip: add hosts later in Settings'}
        </button>
      </div>
    </section>
  );
}
