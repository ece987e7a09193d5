// Deploys, switches and rollbacks as their events describe them, and the
// hosts a running operation is working on (the Fleet's "deploying").
import type { OperationView } from '../../../shared/schemas';
import { errorText, type SliceOf } from './types';

export interface OperationsSlice {
  readonly operations: Readonly<Record<string, OperationView>>;
  readonly operationError: string | null;
  loadOperations(): Promise<void>;
  applyOperation(op: OperationView): void;
  cancelOperation(id: string): Promise<void>;
}

/** Hosts an operation is still working on: it runs, and their own part has not finished. */
export function busyHosts(operations: Readonly<Record<string, OperationView>>): ReadonlySet<string> {
  const busy = new Set<string>();
  for (const op of Object.values(operations)) {
    if (op.status !== 'running') continue;
    for (const h of op.hosts) if (h.phase !== 'finished') busy.add(h.host);
  }
  return busy;
}

/** The newest operation on `host` of the given kinds, if any. */
export function latestOperationOn(
  operations: Readonly<Record<string, OperationView>>,
  host: string,
  kinds: readonly OperationView['kind'][],
): OperationView | undefined {
  return Object.values(operations)
    .filter((o) => kinds.includes(o.kind) && o.hosts.some((h) => h.host === host))
    .sort((a, b) => (a.started < b.started ? 1 : -1))[0];
}

export const createOperationsSlice: SliceOf<OperationsSlice> = (api) => (set, get) => ({
  operations: {},
  operationError: null,
  async loadOperations() {
    try {
      for (const op of await api.operations.list()) get().applyOperation(op);
    } catch (err) {
      set({ operationError: errorText(err) });
    }
  },
  applyOperation(op) {
    const known = get().operations[op.id];
    // Events can overtake a call's answer: a finished operation never goes back to running.
    if (known && known.status === 'finished' && op.status === 'running') return;
    set({ operations: { ...get().operations, [op.id]: op } });
  },
  async cancelOperation(id) {
    try {
      get().applyOperation(await api.operations.cancel({ id }));
      set({ operationError: null });
    } catch (err) {
      set({ operationError: errorText(err) });
    }
  },
});
