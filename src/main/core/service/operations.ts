// Deploys, switches and rollbacks as operations: each gets an id, reports its
// hosts' phases and push progress as 'operation' events (phase changes at
// once, byte counts at most a few a second), can be cancelled, and ends with
// an outcome per host. Afterwards the hosts involved are probed again and the
// faces told, so the Fleet shows the generation each host really runs now.
import type { HostOutcomeView, HostProgressView, OperationView } from '../../../shared/schemas';
import type { HostEvent, HostOutcome } from '../operations/host-outcome';
import type { ServiceContext } from './context';
import { probeAndAnnounce } from './hosts';
import { createWorkRegistry } from './work-registry';

const PROGRESS_EVERY_MS = 150;
/** The end of an activation's output is what explains it; the whole can be long. */
const MAX_LOG_CHARS = 20_000;

export interface OperationHooks {
  readonly onEvent: (event: HostEvent) => void;
  readonly signal: AbortSignal;
  /** Adds what the faces need to find the operation's record (an incident's id) as soon as it exists. */
  readonly annotate: (patch: Partial<Pick<OperationView, 'incidentId' | 'waves'>>) => void;
}

export interface OperationRunner {
  start(
    kind: OperationView['kind'],
    subject: string,
    hosts: readonly string[],
    work: (hooks: OperationHooks) => Promise<readonly HostOutcome[]>,
  ): OperationView;
  cancel(id: string): OperationView;
  list(): OperationView[];
}

export function outcomeView(o: HostOutcome): HostOutcomeView {
  const { host, outcome, reason, deploymentId, from, to, pushMethod, pathsSent, bytesSent, pushMs, activationMs, rebootNeeded } = o;
  return {
    host,
    outcome,
    reason,
    deploymentId,
    from,
    to,
    pushMethod,
    pathsSent,
    bytesSent,
    pushMs,
    activationMs,
    rebootNeeded,
    activationLog: o.activationLog.slice(-MAX_LOG_CHARS),
  };
}

const waiting = (host: string): HostProgressView => ({
  host,
  phase: 'waiting',
  bytesSent: 0,
  bytesTotal: 0,
  pathsSent: 0,
  pathsTotal: 0,
  message: null,
  outcome: null,
});

export function createOperationRunner(ctx: ServiceContext): OperationRunner {
  const ops = createWorkRegistry<OperationView>(
    'operation',
    (operation) => ctx.events.emit({ type: 'operation', operation }),
    (op) => op.status === 'finished',
  );
  return {
    start(kind, subject, hosts, work) {
      const { view, signal } = ops.begin((id) => ({
        id,
        kind,
        subject,
        started: new Date().toISOString(),
        finished: null,
        status: 'running',
        cancelRequested: false,
        hosts: hosts.map(waiting),
        error: null,
      }));
      const { id } = view;
      // The registry holds the latest view (cancel() changes it too); every update starts from it.
      const current = (): OperationView => ops.get(id);
      const withHost = (host: string, change: (h: HostProgressView) => HostProgressView): OperationView => ({
        ...current(),
        hosts: current().hosts.map((h) => (h.host === host ? change(h) : h)),
      });
      let last = 0;
      const onEvent = (e: HostEvent): void => {
        const before = current().hosts.find((h) => h.host === e.host)?.phase;
        const stamp = new Date().toISOString();
        const next = withHost(e.host, (h) => ({
          ...h,
          phase: e.phase,
          message: e.message ?? h.message,
          ...(h.startedAt === undefined && e.phase !== 'waiting' ? { startedAt: stamp } : {}),
          ...(e.phase === 'finished' ? { finishedAt: stamp } : {}),
          ...(e.push
            ? { bytesSent: e.push.bytesSent, bytesTotal: e.push.bytesTotal, pathsSent: e.push.pathsSent, pathsTotal: e.push.pathsTotal }
            : {}),
        }));
        const now = Date.now();
        const quietly = before === e.phase && now - last < PROGRESS_EVERY_MS;
        if (!quietly) last = now;
        ops.update(next, quietly);
      };
      // Started on the next turn, so the caller has the operation's id before its first event.
      setImmediate(() => {
        const annotate = (patch: Partial<Pick<OperationView, 'incidentId' | 'waves'>>): void => ops.update({ ...current(), ...patch });
        void work({ onEvent, signal, annotate })
          .then(
            (outcomes) => {
              for (const o of outcomes)
                ops.update(
                  withHost(o.host, (h) => ({ ...h, phase: 'finished', outcome: outcomeView(o) })),
                  true,
                );
              return null;
            },
            (err: unknown) => (err instanceof Error ? err.message : String(err)),
          )
          .then(async (error) => {
            ops.end({ ...current(), status: 'finished', finished: new Date().toISOString(), error });
            ctx.events.emit({ type: 'changed', what: 'hosts' });
            // What each host runs now comes from the host, not from what we asked of it.
            await probeAndAnnounce(ctx, hosts).catch(() => undefined);
          });
      });
      return current();
    },
    cancel(id) {
      const op = ops.get(id);
      if (op.status === 'finished' || !ops.abort(id)) return op;
      const cancelled = { ...op, cancelRequested: true };
      ops.update(cancelled);
      return cancelled;
    },
    list: () => ops.list(),
  };
}
