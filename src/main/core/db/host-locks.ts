// One operation per host at a time, across every Airlock process on this
// machine: the lock is a row, taken in an IMMEDIATE transaction. A row whose
// process has died (a crash, a pulled power cord) is taken over, and the
// deployment it held is closed as failed, with its audit row.
import type { SiteDb } from './open-database';
import { SiteRefusal } from './db-errors';
import { finishDeployment } from './deployments';
import { formatRfc3339 } from '../../../shared/rfc3339';
import { systemEnv, type StoreEnv } from './store-env';

export class HostBusyError extends SiteRefusal {
  override readonly name: string = 'HostBusyError';
  override readonly code = 'busy';
}

interface LockRow {
  readonly host: string;
  readonly operation: string;
  readonly deployment_id: number | null;
  readonly pid: number;
  readonly operator: string;
  readonly started_at: string;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the host for `operation` (e.g. "deploy of accel-ctl-7"), or says who holds it. */
export function lockHost(db: SiteDb, host: string, operation: string, env: StoreEnv = systemEnv): void {
  db.transaction(() => {
    const held = db.prepare('SELECT * FROM host_lock WHERE host = ?').get(host) as LockRow | undefined;
    if (held && processAlive(held.pid)) {
      throw new HostBusyError(
        `${host} is busy: ${held.operation} started ${held.started_at} by ${held.operator} (pid ${held.pid}) is still running; wait for it to finish`,
      );
    }
    if (held) {
      db.prepare('DELETE FROM host_lock WHERE host = ?').run(host);
      if (held.deployment_id !== null) closeAbandoned(db, held, env);
    }
    db.prepare('INSERT INTO host_lock (host, operation, deployment_id, pid, operator, started_at) VALUES (?, ?, NULL, ?, ?, ?)').run(
      host,
      operation,
      process.pid,
      env.user(),
      formatRfc3339(env.now()),
    );
  }).immediate();
}

export function attachDeployment(db: SiteDb, host: string, deploymentId: number): void {
  db.prepare('UPDATE host_lock SET deployment_id = ? WHERE host = ? AND pid = ?').run(deploymentId, host, process.pid);
}

export function unlockHost(db: SiteDb, host: string): void {
  db.prepare('DELETE FROM host_lock WHERE host = ? AND pid = ?').run(host, process.pid);
}

function closeAbandoned(db: SiteDb, held: LockRow, env: StoreEnv): void {
  const running = db.prepare("SELECT 1 FROM deployment WHERE id = ? AND outcome = 'running'").get(held.deployment_id);
  if (!running) return;
  finishDeployment(
    db,
    held.deployment_id as number,
    {
      outcome: 'failed',
      outcomeReason: `Airlock (pid ${held.pid}) stopped during the operation; probe the host to see which generation it runs`,
      confirmed: false,
      pathsSent: 0,
      bytesSent: 0,
      health: [],
    },
    env,
  );
}

export interface HostLock {
  readonly host: string;
  readonly operation: string;
  readonly pid: number;
  readonly operator: string;
  readonly startedAt: string;
}

/** The operations running now on this machine (by any Airlock process), by host; dead holders are left out. */
export function listHostLocks(db: SiteDb): HostLock[] {
  return (db.prepare('SELECT * FROM host_lock ORDER BY host').all() as LockRow[])
    .filter((l) => processAlive(l.pid))
    .map((l) => ({ host: l.host, operation: l.operation, pid: l.pid, operator: l.operator, startedAt: l.started_at }));
}
