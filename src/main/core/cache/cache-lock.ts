// One writer at a time on an offline cache: an import and a gc (or two imports)
// running together could leave an accepted bundle with a path deleted under it,
// or remove each other's unfinished files. The lock is a file on the medium
// itself, so it holds across processes and across the app and the CLI; a lock
// whose process is gone (killed, machine rebooted, same host) is taken over.
import { hostname } from 'node:os';
import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { CacheLayout } from './cache-layout';
import { Refusal } from '../refusal-error';

export const LOCK_FILE = '.airlock-lock';

interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly operation: string;
  readonly since: string;
}

export class CacheBusyError extends Refusal {
  override readonly name = 'CacheBusyError';
  override readonly code = 'busy';
}

function processIsGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

async function readOwner(path: string): Promise<LockOwner | undefined> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  try {
    return text ? (JSON.parse(text) as LockOwner) : undefined;
  } catch {
    return undefined;
  }
}

async function tryTake(path: string, owner: LockOwner): Promise<boolean> {
  try {
    const fh = await open(path, 'wx', 0o644);
    await fh.writeFile(JSON.stringify(owner));
    await fh.sync();
    await fh.close();
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

export async function withCacheLock<T>(layout: CacheLayout, operation: string, work: () => Promise<T>): Promise<T> {
  const path = join(layout.root, LOCK_FILE);
  const me: LockOwner = { pid: process.pid, host: hostname(), operation, since: new Date().toISOString() };
  if (!(await tryTake(path, me))) {
    const owner = await readOwner(path);
    const stale = owner !== undefined && owner.host === me.host && processIsGone(owner.pid);
    if (!stale || !(await rm(path, { force: true }).then(() => tryTake(path, me)))) {
      const who = owner ? `${owner.operation} (process ${owner.pid} on ${owner.host}, since ${owner.since})` : 'another Airlock';
      throw new CacheBusyError(
        `the cache at ${layout.root} is busy: ${who}. Wait for it to finish; if that process no longer runs, delete ${path}`,
      );
    }
  }
  try {
    return await work();
  } finally {
    await rm(path, { force: true });
  }
}
