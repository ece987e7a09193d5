// A deploy, switch or rollback as it runs: a bar per host with bytes, paths
// and the phase in a word, a Cancel button while hosts have not reached
// activation, then a result per host.
import type { HostProgressView, OperationView } from '../../../shared/schemas';
import { useApp } from '../store/use-app';
import { formatBytes } from '../../../shared/format';
import { HostResult } from './host-result';

const PHASES = {
  waiting: 'waiting', probing: 'probing', pushing: 'sending paths', activating: 'activating', confirming: 'confirming',
  'rolling-back': 'rolling back', rebooting: 'rebooting', finished: 'finished',
} as const;

function HostBar({ h }: { readonly h: HostProgressView }) {
  const total = h.bytesTotal || 1;
  const done = h.phase === 'finished' ? total : h.bytesTotal ? h.bytesSent : 0;
  return (
    <div className="host-progress">
      <strong>{h.host}</strong>
      <div>
        <progress aria-label={`${h.host} progress`} max={total} value={done} />
        <div className="small">
          {PHASES[h.phase]}
          {h.bytesTotal ? ` – ${formatBytes(h.bytesSent)} of ${formatBytes(h.bytesTotal)}, ${h.pathsSent} of ${h.pathsTotal} paths` : ''}
          {h.message ? ` – ${h.message}` : ''}
        </div>
      </div>
    </div>
  );
}

/** `showResults` off: the screen shows its own summary of how each host ended (the incident screen does). */
export function OperationPanel({ op, title, showResults = true }: { readonly op: OperationView; readonly title: string; readonly showResults?: boolean }) {
  const cancel = useApp((s) => s.cancelOperation);
  const running = op.status === 'running';
  const cancellable = running && !op.cancelRequested && op.hosts.some((h) => h.phase === 'waiting' || h.phase === 'probing' || h.phase === 'pushing');
  return (
    <section aria-label={title} aria-busy={running}>
      <h2>{title}</h2>
      <p aria-live="polite">
        {op.subject}: {running ? (op.cancelRequested ? 'cancelling – activations under way finish first' : 'running') : 'finished'}
      </p>
      {op.hosts.map((h) => (
        <HostBar key={h.host} h={h} />
      ))}
      {running && op.kind === 'deploy' ? (
        <button type="button" className="danger" onClick={() => void cancel(op.id)} disabled={!cancellable}>
          Cancel deploy
        </button>
      ) : null}
      {op.error ? (
        <div role="alert" className="note note-error">
          {op.error}
        </div>
      ) : null}
      {showResults ? op.hosts.map((h) => (h.outcome ? <HostResult key={h.host} o={h.outcome} /> : null)) : null}
    </section>
  );
}
