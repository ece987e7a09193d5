// Host: one host's state, its generations read from the host itself (switch,
// roll back, diff with the current one), one section per Nix profile of the
// host (a host that is not NixOS has only those), and its deployment records.
import { useState } from 'react';
import { ErrorNote } from '../../components/error-note';
import { formatBytes, formatTime } from '../../../../shared/format';
import { hostState } from '../../components/host-state';
import { HostStateBadge } from '../../components/host-state-badge';
import { busyHosts } from '../../store/operations-slice';
import { useApp } from '../../store/use-app';
import { CleanGenerationsPanel } from './clean-generations-panel';
import { ClosureDiffPanel } from './closure-diff-panel';
import { ClosureWeightsPanel } from './closure-weights-panel';
import { DeploymentsTable } from './deployments-table';
import { EditHostDialog } from './edit-host-dialog';
import { MarkBadDialog, type PendingMark } from './mark-bad-dialog';
import { GenerationsTable } from './generations-table';
import { HostActions, type Pending } from './host-actions';
import { ProfileSection } from './profile-section';
import { RebootControl } from '../../components/reboot-control';

export function HostScreen() {
  const name = useApp((s) => s.openHostName);
  const host = useApp((s) => s.hosts.find((h) => h.name === s.openHostName));
  const gens = useApp((s) => (s.openHostName ? s.generationsByHost[s.openHostName] : undefined));
  const sizes = useApp((s) => (s.openHostName ? s.closureSizes[s.openHostName] : undefined));
  const deployments = useApp((s) => (s.openHostName ? s.deploymentsByHost[s.openHostName] : undefined));
  const diff = useApp((s) => (s.openHostName ? s.closureDiffs[s.openHostName] : undefined));
  const weights = useApp((s) => (s.openHostName ? s.closureWeights[s.openHostName] : undefined));
  const showWeights = useApp((s) => s.showClosureWeights);
  const hideWeights = useApp((s) => s.hideClosureWeights);
  const explainPath = useApp((s) => s.explainPath);
  const busy = useApp((s) => (s.openHostName ? busyHosts(s.operations).has(s.openHostName) : false));
  const load = useApp((s) => s.loadGenerations);
  const showDiff = useApp((s) => s.showClosureDiff);
  const hideDiff = useApp((s) => s.hideClosureDiff);
  const goTo = useApp((s) => s.goTo);
  const [pending, setPending] = useState<Pending | null>(null);
  const [editing, setEditing] = useState(false);
  const [marking, setMarking] = useState<PendingMark | null>(null);
  const badMarks = useApp((s) => (s.openHostName ? s.badMarksByHost[s.openHostName] : undefined));
  const [edited, setEdited] = useState<{ readonly host: string; readonly said: string } | null>(null);
  const profiles = useApp((s) => (s.openHostName ? s.profilesByHost[s.openHostName] : undefined));
  if (name === null || host === undefined) {
    return (
      <>
        <h1 id="screen-title">Host</h1>
        <p>Choose a host on the Fleet screen.</p>
      </>
    );
  }
  const p = host.probe;
  // The host's newest probe is the one truth of what it runs (it follows every operation's end);
  // the generations read when the screen opened only stand in while there is none.
  const generations = (p?.reachable ? p.generations : gens?.generations) ?? [];
  // A host that answers with no system generation at all is not NixOS (Nix on another distribution): it has profiles only.
  const notNixos = p?.reachable === true && p.generations.length === 0;
  return (
    <>
      <button type="button" className="link" onClick={() => goTo('Fleet')}>
        ← Back to Fleet
      </button>
      <h1 id="screen-title">Host {name}</h1>
      <dl className="facts">
        <dt>State</dt>
        <dd>
          <HostStateBadge state={hostState(host)} /> {busy ? <HostStateBadge state="deploying" /> : null}{' '}
          <RebootControl host={host} busy={busy} />
        </dd>
        <dt>Address</dt>
        <dd>
          {host.user}@{host.address}:{host.port}{' '}
          <button type="button" onClick={() => setEditing(true)}>
            Edit {name}
          </button>
        </dd>
        <dt>Nix</dt>
        <dd>{p?.nixVersion ?? 'unknown'}</dd>
        <dt>Free on /nix</dt>
        <dd>{formatBytes(p?.freeBytesNix)}</dd>
        <dt>Tags</dt>
        <dd>{host.tags.join(', ') || 'none'}</dd>
        <dt>Last probe</dt>
        <dd>{p ? formatTime(p.probedAt) : 'never'}</dd>
        <dt>Last known good</dt>
        <dd>
          {host.lastKnownGood
            ? `generation ${host.lastKnownGood.generation}, confirmed healthy ${formatTime(host.lastKnownGood.confirmedAt)}`
            : 'none on record'}
        </dd>
        <dt>Latest bundle</dt>
        <dd>
          {host.latestBundleSystem ? (
            <>
              {host.latestBundleSystem.bundle}: <span className="mono">{host.latestBundleSystem.toplevel}</span>
            </>
          ) : (
            'no held bundle carries a system for it'
          )}
        </dd>
      </dl>
      {edited?.host === name ? (
        <p role="status" className="note note-ok">
          {edited.said}
        </p>
      ) : null}
      {editing ? (
        <EditHostDialog
          host={host}
          onDone={(said) => {
            setEditing(false);
            setEdited({ host: name, said });
          }}
          onCancel={() => setEditing(false)}
        />
      ) : null}
      {notNixos ? (
        <p>Not NixOS: no system profile. {name} runs Nix on another system; its Nix profiles follow.</p>
      ) : (
        <>
          <div className="toolbar">
            <h2>Generations</h2>
            <button type="button" onClick={() => void load(name)} disabled={gens?.loading}>
              {gens?.loading ? 'Reading generations…' : 'Refresh generations'}
            </button>
          </div>
          <HostActions host={name} generations={generations} rollback={p?.rollback} busy={busy} pending={pending} setPending={setPending} />
          <ErrorNote text={gens && !gens.reachable ? (gens.error ?? `${name} is unreachable`) : null} />
          {generations.length > 0 ? (
            <GenerationsTable
              host={name}
              generations={generations}
              sizes={sizes}
              busy={busy}
              onSwitch={(g) => setPending({ kind: 'switch', to: g })}
              onDiff={(g) => void showDiff(name, g.generation)}
              onSizes={(g) => void showWeights(name, g.generation)}
              badMarks={badMarks ?? []}
              onMark={(g, kind) => setMarking({ kind, generation: g })}
            />
          ) : null}
          {marking ? (
            <MarkBadDialog host={name} pending={marking} onDone={() => setMarking(null)} onCancel={() => setMarking(null)} />
          ) : null}
          {gens?.loading && generations.length === 0 ? <p role="status">Reading generations from {name}…</p> : null}
          {diff ? <ClosureDiffPanel host={name} state={diff} onClose={() => hideDiff(name)} /> : null}
          {weights ? (
            <ClosureWeightsPanel
              host={name}
              state={weights}
              onExplain={(path) => void explainPath(name, path)}
              onClose={() => hideWeights(name)}
            />
          ) : null}
          <CleanGenerationsPanel host={name} busy={busy} />
        </>
      )}
      {profiles?.profiles.map((info) => (
        <ProfileSection key={info.profile} info={info} busy={busy} />
      ))}
      {profiles?.loading && profiles.profiles.length === 0 ? <p role="status">Reading profiles from {name}…</p> : null}
      <ErrorNote text={profiles?.error} title="Could not list the profiles" />
      <h2>Deployments</h2>
      {deployments ? <DeploymentsTable host={name} deployments={deployments} /> : <p role="status">Reading deployment records…</p>}
    </>
  );
}
