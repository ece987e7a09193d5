// Configured health checks (migration 007): added and removed with an audit
// row; a host's checks are its own plus those of each of its tags.
import type { SiteDb } from './open-database';
import { auditedChange } from './audited-change';
import { SiteRefusal } from './db-errors';
import type { HostRecord } from './hosts';
import type { StoreEnv } from './store-env';

export type HealthCheckSpec =
  | { readonly kind: 'command'; readonly command: string; readonly expectStatus: number; readonly timeoutSeconds: number }
  | { readonly kind: 'tcp'; readonly port: number; readonly timeoutSeconds: number };

export type HealthCheckScope = { readonly host: string } | { readonly tag: string };

export type StoredHealthCheck = HealthCheckSpec & HealthCheckScope & { readonly id: number; readonly added: string };

interface Row {
  readonly id: number;
  readonly host: string | null;
  readonly tag: string | null;
  readonly kind: 'command' | 'tcp';
  readonly command: string | null;
  readonly port: number | null;
  readonly expect_status: number;
  readonly timeout_seconds: number;
  readonly added: string;
}

function fromRow(r: Row): StoredHealthCheck {
  const scope: HealthCheckScope = r.host !== null ? { host: r.host } : { tag: r.tag as string };
  const spec: HealthCheckSpec =
    r.kind === 'command'
      ? { kind: 'command', command: r.command as string, expectStatus: r.expect_status, timeoutSeconds: r.timeout_seconds }
      : { kind: 'tcp', port: r.port as number, timeoutSeconds: r.timeout_seconds };
  return { id: r.id, added: r.added, ...scope, ...spec };
}

export function listHealthChecks(db: SiteDb): StoredHealthCheck[] {
  return (db.prepare('SELECT * FROM health_check ORDER BY id').all() as Row[]).map(fromRow);
}

/** The checks that apply to `host`: its own, then its tags', in the order they were added. */
export function healthChecksOf(db: SiteDb, host: Pick<HostRecord, 'name' | 'tags'>): StoredHealthCheck[] {
  return listHealthChecks(db).filter((c) => ('host' in c ? c.host === host.name : host.tags.includes(c.tag)));
}

export function addHealthCheck(db: SiteDb, scope: HealthCheckScope, spec: HealthCheckSpec, env?: StoreEnv): StoredHealthCheck {
  const subject = 'host' in scope ? scope.host : `tag:${scope.tag}`;
  return auditedChange(
    db,
    { action: 'check.add', subject, details: { ...spec } },
    (at) => {
      const info = db
        .prepare(
          'INSERT INTO health_check (host, tag, kind, command, port, expect_status, timeout_seconds, added) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run(
          'host' in scope ? scope.host : null,
          'tag' in scope ? scope.tag : null,
          spec.kind,
          spec.kind === 'command' ? spec.command : null,
          spec.kind === 'tcp' ? spec.port : null,
          spec.kind === 'command' ? spec.expectStatus : 0,
          spec.timeoutSeconds,
          at,
        );
      const row = db.prepare('SELECT * FROM health_check WHERE id = ?').get(info.lastInsertRowid) as Row;
      return { result: fromRow(row), details: { id: row.id } };
    },
    env,
  );
}

export function removeHealthCheck(db: SiteDb, id: number, env?: StoreEnv): void {
  auditedChange(
    db,
    { action: 'check.remove', subject: `check:${id}` },
    () => {
      const gone = db.prepare('DELETE FROM health_check WHERE id = ?').run(id);
      if (gone.changes === 0) throw new SiteRefusal(`no health check ${id} (see \`airlock check ls\`)`);
      return { result: undefined };
    },
    env,
  );
}
