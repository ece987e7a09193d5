// Health checks, run after every activation (deploy, switch, rollback,
// incident): per host or per tag, a command on the host with an expected
// status and a time limit, or a TCP port reached from here. A failing check
// means the new system is not confirmed, and magic rollback restores the old.
import { SiteRefusal } from '../db/db-errors';
import { addHealthCheck, listHealthChecks, removeHealthCheck, type HealthCheckSpec, type StoredHealthCheck } from '../db/health-checks';
import { requireHost } from '../db/hosts';
import { validateTag } from '../remote/validate';
import type { UseCaseContext } from './context';

export type { HealthCheckSpec, StoredHealthCheck } from '../db/health-checks';

export type CheckScope = { readonly host: string } | { readonly tag: string };

export function listChecks(uc: UseCaseContext): StoredHealthCheck[] {
  return listHealthChecks(uc.db());
}

/** Adds a check for a known host, or a well-formed tag. */
export function addCheck(uc: UseCaseContext, scope: CheckScope, spec: HealthCheckSpec): StoredHealthCheck {
  const db = uc.db();
  const where = 'host' in scope ? { host: requireHost(db, scope.host).name } : { tag: validateTag(scope.tag) };
  return addHealthCheck(db, where, spec);
}

export function removeCheck(uc: UseCaseContext, id: number): StoredHealthCheck {
  const db = uc.db();
  const check = listHealthChecks(db).find((c) => c.id === id);
  if (!check) throw new SiteRefusal(`no health check ${id} (see \`airlock check ls\`)`);
  removeHealthCheck(db, id);
  return check;
}
