// Host: one host's state and its generations, read from the host itself.
import { ErrorNote } from '../../components/error-note';
import { formatBytes, formatTime } from '../../components/format';
import { hostState } from '../../components/host-state';
import { HostStateBadge } from '../../components/host-state-badge';
import { useApp } from '../../store/use-app';
import { GenerationsTable } from './generations-table';

export function HostScreen() {
  const name = useApp((s) => s.openHostName);
  const host = useApp((s) => s.hosts.find((h) => h.name === s.openHostName));
  const gens = useApp((s) => (s.openHostName ? s.generationsByHost[s.openHostName] : undefined));
  const load = useApp((s) => s.loadGenerations);
  const goTo = useApp((s) => s.goTo);
  if (name === null || host === undefined) {
    return (
      <>
        <h1 id="screen-title">Host</h1>
        <p>Choose a host on the Fleet screen.</p>
      </>
    );
  }
  const p = host.probe;
  return (
    <>
      <button type="button" className="link" onClick={() => goTo('Fleet')}>
        ← Back to Fleet
      </button>
      <h1 id="screen-title">Host {name}</h1>
      <dl className="facts">
        <dt>State</dt>
        <dd>
          <HostStateBadge state={hostState(host)} />
        </dd>
        <dt>Address</dt>
        <dd>
          {host.user}@{host.address}:{host.port}
        </dd>
        <dt>Nix</dt>
        <dd>{p?.nixVersion ?? 'unknown'}</dd>
        <dt>Free on /nix</dt>
        <dd>{formatBytes(p?.freeBytesNix)}</dd>
        <dt>Tags</dt>
        <dd>{host.tags.join(', ') || 'none'}</dd>
        <dt>Last probe</dt>
        <dd>{p ? formatTime(p.probedAt) : 'never'}</dd>
      </dl>
      <div className="toolbar">
        <h2>Generations</h2>
        <button type="button" onClick={() => void load(name)} disabled={gens?.loading}>
          {gens?.loading ? 'Reading generations…' : 'Refresh generations'}
        </button>
      </div>
      <ErrorNote text={gens && !gens.reachable ? (gens.error ?? `${name} is unreachable`) : null} />
      {gens && gens.generations.length > 0 ? <GenerationsTable host={name} generations={gens.generations} /> : null}
      {gens?.loading && gens.generations.length === 0 ? <p role="status">Reading generations from {name}…</p> : null}
    </>
  );
}
