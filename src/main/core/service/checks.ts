// Health checks for Settings and the Host screen: per host or per tag, a
// command run on the host (expected exit status, time limit) or a TCP port
// reached from here. Each add and remove writes an audit row (db layer).
import type { ApiHandlers } from '../../../shared/api';
import type { HealthCheckView } from '../../../shared/schemas';
import type { ServiceContext } from './context';
import { addCheck, listChecks, removeCheck, type StoredHealthCheck } from '../usecases/checks';

type CheckHandlers = Pick<ApiHandlers, 'checksList' | 'checksAdd' | 'checksRemove'>;

export function checkView(c: StoredHealthCheck): HealthCheckView {
  const spec: HealthCheckView['spec'] =
    c.kind === 'command'
      ? { kind: 'command', command: c.command, expectStatus: c.expectStatus, timeoutSeconds: c.timeoutSeconds }
      : { kind: 'tcp', port: c.port, timeoutSeconds: c.timeoutSeconds };
  return { id: c.id, added: c.added, host: 'host' in c ? c.host : null, tag: 'tag' in c ? c.tag : null, spec };
}

export function checkHandlers(ctx: ServiceContext): CheckHandlers {
  return {
    checksList: async () => listChecks(ctx.uc).map(checkView),
    checksAdd: async ({ scope, spec }) => {
      const added = checkView(addCheck(ctx.uc, scope, spec));
      return added;
    },
    checksRemove: async ({ id }) => {
      const removed = checkView(removeCheck(ctx.uc, id));
      return removed;
    },
  };
}
