// A deploy, switch or rollback as it runs: a bar per host with bytes, paths
// and the phase in a word, a Cancel button while hosts have not reached
// activation, then a result per host.
import { useEffect, useState } from 'react';
import type { HostProgressView, OperationView } from '../../../shared/schemas';
import { useApp } from '../store/use-app';
import { formatBytes } from '../../../shared/format';
import { HostResult } from './host-result';
import { WaveList } from './wave-list';

const PHASES = {
  waiting: 'waiting',
  probing: 'probing',
  pushing: 'sending paths',
  activating: 'activating',
  confirming: 'confirming',
  'rolling-back': 'rolling back',
  rebooting: 'rebooting',
  finished: 'finished',
} as const;

/**
 * A host that ended before anything was changed on it (not started, cancelled, or refused before
 * activation: unreachable, busy) was left out: its bar must not read as a finished deploy.
 */
const leftOut = (h: HostProgressView): boolean =>
  h.outcome !== null &&
  (h.outcome.outcome === 'not-started' ||
    h.outcome.outcome === 'cancelled' ||
    (h.outcome.outcome === 'failed' && h.outcome.deploymentId === null));

/** Seconds since the host's work began, up to now or its end. */
function elapsed(h: HostProgressView, now: number): string | null {
  if (h.startedAt === undefined) return null;
  const end = h.finishedAt === undefined ? now : Date.parse(h.finishedAt);
  return `${(Math.max(0, end - Date.parse(h.startedAt)) / 1000).toFixed(1)} s`;
}

function HostBar({ h, now }: { readonly h: HostProgressView; readonly now: number }) {
  const total = h.bytesTotal || 1;
  const out = leftOut(h);
  const done = out ? 0 : h.phase === 'finished' ? total : h.bytesTotal ? h.bytesSent : 0;
  const time = elapsed(h, now);
  return (
    <div className={`host-progress${out ? ' muted' : ''}`}>
      <strong>{h.host}</strong>
      <div>
        <progress aria-label={`${h.host} progress`} max={total} value={done} />
        <div className="small">
          {out ? `left out – ${h.outcome?.reason ?? h.outcome?.outcome ?? ''}` : PHASES[h.phase]}
          {!out && h.bytesTotal
            ? ` – ${formatBytes(h.bytesSent)} of ${formatBytes(h.bytesTotal)}, ${h.pathsSent} of ${h.pathsTotal} paths`
            : ''}
          {!out && h.message ? ` – ${h.message}` : ''}
          {time ? ` – ${time}` : ''}
        </div>
      </div>
    </div>
  );
}

/** A clock that ticks each second while the operation runs, so elapsed times move between events. */
function useNow(running: boolean): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);
  return running ? now : Date.now();
}

/** `showResults` off: the screen shows its own summary of how each host ended (the incident screen does). */
export function OperationPanel({
  op,
  title,
  showResults = true,
}: {
  readonly op: OperationView;
  readonly title: string;
  readonly showResults?: boolean;
}) {
  const cancel = useApp((s) => s.cancelOperation);
  const running = op.status === 'running';
  const now = useNow(running);
  const cancellable =
    running && !op.cancelRequested && op.hosts.some((h) => h.phase === 'waiting' || h.phase === 'probing' || h.phase === 'pushing');
  return (
    <section aria-label={title} aria-busy={running}>
      <h2>{title}</h2>
      <p aria-live="polite">
        {op.subject}: {running ? (op.cancelRequested ? 'cancelling – activations under way finish first' : 'running') : 'finished'}
      </p>
      {op.waves && op.waves.length > 1 ? <WaveList waves={op.waves} /> : null}
      {op.hosts.map((h) => (
        <HostBar key={h.host} h={h} now={now} />
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
