// Deploys, switches and rollbacks as operations: each gets an id, reports its
// hosts' phases and push progress as 'operation' events (phase changes at
// once, byte counts at most a few a second), can be cancelled, and ends with
// an outcome per host. Afterwards the hosts involved are probed again and the
// faces told, so the Fleet shows the generation each host really runs now.
import { randomUUID } from 'node:crypto';
import type { HostOutcomeView, HostProgressView, OperationView } from '../../shared/schemas';
import type { HostEvent, HostOutcome } from './operations/host-outcome';
import type { ServiceContext } from './service-context';
import { probeAndAnnounce } from './service-hosts';
import { Refusal } from './refusal-error';

const PROGRESS_EVERY_MS = 150;
const KEEP_FINISHED = 20;
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
    ...(o.mirror ? { mirror: o.mirror } : {}),
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
  const ops = new Map<string, OperationView>();
  const controllers = new Map<string, AbortController>();
  const publish = (op: OperationView): void => {
    ops.set(op.id, op);
    ctx.events.emit({ type: 'operation', operation: op });
  };
  const prune = (): void => {
    const finished = [...ops.values()].filter((o) => o.status === 'finished');
    for (const old of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) ops.delete(old.id);
  };
  const require = (id: string): OperationView => {
    const op = ops.get(id);
    if (!op) throw new Refusal(`no operation ${id} (it may have ended long ago)`);
    return op;
  };
  return {
    start(kind, subject, hosts, work) {
      const id = randomUUID();
      const controller = new AbortController();
      controllers.set(id, controller);
      publish({
        id,
        kind,
        subject,
        started: new Date().toISOString(),
        finished: null,
        status: 'running',
        cancelRequested: false,
        hosts: hosts.map(waiting),
        error: null,
      });
      // The map holds the latest view (cancel() changes it too); every update starts from it.
      const current = (): OperationView => ops.get(id) as OperationView;
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
        if (before === e.phase && now - last < PROGRESS_EVERY_MS) {
          ops.set(id, next);
          return;
        }
        last = now;
        publish(next);
      };
      // Started on the next turn, so the caller has the operation's id before its first event.
      setImmediate(() => {
        const annotate = (patch: Partial<Pick<OperationView, 'incidentId' | 'waves'>>): void => publish({ ...current(), ...patch });
        void work({ onEvent, signal: controller.signal, annotate })
          .then(
            (outcomes) => {
              for (const o of outcomes)
                ops.set(
                  id,
                  withHost(o.host, (h) => ({ ...h, phase: 'finished', outcome: outcomeView(o) })),
                );
              return null;
            },
            (err: unknown) => (err instanceof Error ? err.message : String(err)),
          )
          .then(async (error) => {
            controllers.delete(id);
            publish({ ...current(), status: 'finished', finished: new Date().toISOString(), error });
            prune();
            ctx.events.emit({ type: 'changed', what: 'hosts' });
            // What each host runs now comes from the host, not from what we asked of it.
            await probeAndAnnounce(ctx, hosts).catch(() => undefined);
          });
      });
      return current();
    },
    cancel(id) {
      const op = require(id);
      const controller = controllers.get(id);
      if (!controller || op.status === 'finished') return op;
      controller.abort();
      const cancelled = { ...op, cancelRequested: true };
      publish(cancelled);
      return cancelled;
    },
    list: () => [...ops.values()],
  };
}
