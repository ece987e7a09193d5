// Engine events into the store, from outside React: a probe updates the fleet
// and the generations shown, a job's progress its panel, a change reloads what
// it touched. Returns the way to stop listening.
import type { AirlockApi } from '../../../shared/api';
import type { AirlockEvent } from '../../../shared/events';
import type { HostProbeView, OperationView } from '../../../shared/schemas';
import type { AppStore } from './app-store';

function assertNever(value: never): never {
  throw new Error(`unhandled event ${JSON.stringify(value)}`);
}

/**
 * A diff on screen compares a generation with the one the host ran when it was
 * read: when the host runs another one now (after a rollback, a switch, a
 * reboot), it is read again, so it never shows the old comparison.
 */
function refreshDiffs(store: AppStore): void {
  const state = store.getState();
  for (const [host, d] of Object.entries(state.closureDiffs)) {
    const probe = state.hosts.find((h) => h.name === host)?.probe;
    if (!d.diff || d.loading || !probe?.reachable || probe.current === null) continue;
    if (probe.current !== d.diff.from.toplevel) void state.showClosureDiff(host, d.generation);
  }
}

function applyProbes(store: AppStore, probes: readonly HostProbeView[]): void {
  const state = store.getState();
  state.applyProbes(probes);
  refreshDiffs(store);
  // A host whose generations are on screen follows its newest probe.
  const shown = { ...state.generationsByHost };
  for (const p of probes) {
    if (shown[p.name] && !shown[p.name]?.loading)
      shown[p.name] = { loading: false, reachable: p.reachable, error: p.error ?? null, generations: p.generations };
  }
  store.setState({ generationsByHost: shown });
}

/** An operation that ended changed its hosts' records (and the generations, which the probe after it brings). */
function applyOperation(store: AppStore, op: OperationView): void {
  const state = store.getState();
  const before = state.operations[op.id];
  state.applyOperation(op);
  if (op.status !== 'finished' || before?.status === 'finished') return;
  // The incident screen ends on the record and report of the incident it ran.
  if (op.kind === 'incident' && op.incidentId !== undefined && state.incidentOperationId === op.id)
    void state.loadIncidentResult(op.incidentId);
  for (const { host } of op.hosts) {
    if (state.deploymentsByHost[host]) void state.loadDeployments(host);
    if (state.closureSizes[host]) void state.loadClosureSizes(host);
    // A profile's generations are not in the probe: they are read again from the host.
    if (state.profilesByHost[host]) void state.loadProfiles(host);
  }
}

export function handleEvent(store: AppStore, event: AirlockEvent): void {
  const state = store.getState();
  switch (event.type) {
    case 'job':
      state.applyJob(event.job);
      // An import that ended changed the cache and wrote the log.
      if (event.job.status !== 'running' && event.job.kind === 'cache-import') void state.loadCache();
      return;
    case 'operation':
      applyOperation(store, event.operation);
      return;
    case 'media':
      state.setMedia(event.media);
      return;
    case 'probing':
      state.applyProbing(event.names);
      return;
    case 'probes':
      applyProbes(store, event.probes);
      return;
    case 'audit':
      if (state.auditLoaded) void state.loadAudit();
      return;
    case 'changed':
      if (event.what === 'hosts') void state.loadHosts();
      // The hosts' "latest bundle" comes from what the cache holds.
      else if (event.what === 'cache') void Promise.all([state.loadCache(), state.loadHosts()]);
      else void state.loadSite();
      return;
    default:
      assertNever(event);
  }
}

export function connectEvents(store: AppStore, api: AirlockApi): () => void {
  return api.events.subscribe((event) => handleEvent(store, event));
}
