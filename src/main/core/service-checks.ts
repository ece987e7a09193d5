// Health checks for Settings and the Host screen: per host or per tag, a
// command run on the host (expected exit status, time limit) or a TCP port
// reached from here. Each add and remove writes an audit row (db layer).
import type { ApiHandlers } from '../../shared/api';
import type { HealthCheckView } from '../../shared/schemas';
import { SiteRefusal } from './db/db-errors';
import { addHealthCheck, listHealthChecks, removeHealthCheck, type StoredHealthCheck } from './db/health-checks';
import { requireHost } from './db/hosts';
import { validateTag } from './remote/validate';
import { announceAudit } from './service-audit';
import type { ServiceContext } from './service-context';

type CheckHandlers = Pick<ApiHandlers, 'checksList' | 'checksAdd' | 'checksRemove'>;

export function checkView(c: StoredHealthCheck): HealthCheckView {
  const spec: HealthCheckView['spec'] =
    c.kind === 'command' ? { kind: 'command', command: c.command, expectStatus: c.expectStatus, timeoutSeconds: c.timeoutSeconds } : { kind: 'tcp', port: c.port, timeoutSeconds: c.timeoutSeconds };
  return { id: c.id, added: c.added, host: 'host' in c ? c.host : null, tag: 'tag' in c ? c.tag : null, spec };
}

export function checkHandlers(ctx: ServiceContext): CheckHandlers {
  return {
    checksList: async () => listHealthChecks(ctx.uc.db()).map(checkView),
    checksAdd: async ({ scope, spec }) => {
      const db = ctx.uc.db();
      // The same checks as `airlock check add`: a known host, or a well-formed tag.
      const where = 'host' in scope ? { host: requireHost(db, scope.host).name } : { tag: validateTag(scope.tag) };
      const added = checkView(addHealthCheck(db, where, spec));
      announceAudit(ctx);
      return added;
    },
    checksRemove: async ({ id }) => {
      const db = ctx.uc.db();
      const check = listHealthChecks(db).find((c) => c.id === id);
      if (!check) throw new SiteRefusal(`no health check ${id}; it may have been removed already`);
      removeHealthCheck(db, id);
      announceAudit(ctx);
      return checkView(check);
    },
  };
}
