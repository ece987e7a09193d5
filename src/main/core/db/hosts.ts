// The hosts table (migration 005): one row per host, with its pinned key.
// Adding and removing go through auditedChange, so each leaves an audit row.
import type { SiteDb } from './open-database';
import { auditedChange } from './audited-change';
import { HostNameTakenError, SiteRefusal } from './db-errors';
import type { StoreEnv } from './store-env';

export interface PinnedKey {
  readonly type: string;
  readonly base64: string;
  readonly fingerprint: string;
}

export interface HostRecord {
  readonly name: string;
  readonly address: string;
  readonly port: number;
  readonly user: string;
  readonly identity?: string;
  readonly tags: readonly string[];
  readonly hostKey: PinnedKey;
  readonly added: string;
}

export type NewHost = Omit<HostRecord, 'added'>;

interface HostRow {
  readonly name: string;
  readonly address: string;
  readonly port: number;
  readonly user: string;
  readonly identity: string | null;
  readonly tags: string;
  readonly host_key_type: string;
  readonly host_key: string;
  readonly host_key_fingerprint: string;
  readonly added: string;
}

function fromRow(row: HostRow): HostRecord {
  return {
    name: row.name,
    address: row.address,
    port: row.port,
    user: row.user,
    ...(row.identity === null ? {} : { identity: row.identity }),
    tags: JSON.parse(row.tags) as string[],
    hostKey: { type: row.host_key_type, base64: row.host_key, fingerprint: row.host_key_fingerprint },
    added: row.added,
  };
}

export function listHosts(db: SiteDb): readonly HostRecord[] {
  return (db.prepare('SELECT * FROM host ORDER BY name').all() as HostRow[]).map(fromRow);
}

export function findHost(db: SiteDb, name: string): HostRecord | undefined {
  const row = db.prepare('SELECT * FROM host WHERE name = ?').get(name) as HostRow | undefined;
  return row && fromRow(row);
}

export function requireHost(db: SiteDb, name: string): HostRecord {
  const host = findHost(db, name);
  if (!host) throw new SiteRefusal(`no host named '${name}' (see \`airlock host ls\`)`);
  return host;
}

export function insertHost(db: SiteDb, host: NewHost, added: string): HostRecord {
  if (findHost(db, host.name)) throw new HostNameTakenError(host.name);
  db.prepare(
    `INSERT INTO host (name, address, port, user, identity, tags, host_key_type, host_key, host_key_fingerprint, added)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    host.name,
    host.address,
    host.port,
    host.user,
    host.identity ?? null,
    JSON.stringify(host.tags),
    host.hostKey.type,
    host.hostKey.base64,
    host.hostKey.fingerprint,
    added,
  );
  return { ...host, added };
}

const hostDetails = (h: NewHost): Readonly<Record<string, unknown>> => ({
  address: h.address,
  port: h.port,
  user: h.user,
  tags: h.tags,
  fingerprint: h.hostKey.fingerprint,
});

/** Stores a host and its 'host.add' audit row together. */
export function addHost(db: SiteDb, host: NewHost, env?: StoreEnv): HostRecord {
  return auditedChange(
    db,
    { action: 'host.add', subject: host.name, details: hostDetails(host) },
    (at) => ({ result: insertHost(db, host, at) }),
    env,
  );
}

/** Forgets a host (its deployments' audit rows stay); writes 'host.rm'. */
export function removeHost(db: SiteDb, name: string, env?: StoreEnv): HostRecord {
  return auditedChange(
    db,
    { action: 'host.rm', subject: name },
    () => {
      const host = requireHost(db, name);
      db.prepare('DELETE FROM host WHERE name = ?').run(name);
      return { result: host, details: hostDetails(host) };
    },
    env,
  );
}

/** Replaces a host's pinned key (after a reinstall the operator confirmed); writes 'host.pin' with both fingerprints. */
export function repinHost(db: SiteDb, name: string, key: PinnedKey, env?: StoreEnv): HostRecord {
  return auditedChange(
    db,
    { action: 'host.pin', subject: name, details: { fingerprint: key.fingerprint } },
    () => {
      const before = requireHost(db, name);
      db.prepare('UPDATE host SET host_key_type = ?, host_key = ?, host_key_fingerprint = ? WHERE name = ?').run(
        key.type,
        key.base64,
        key.fingerprint,
        name,
      );
      return { result: { ...before, hostKey: key }, details: { previous: before.hostKey.fingerprint } };
    },
    env,
  );
}

/** What `host set` may change; the pinned key stays (it is the host's, not its address's). */
export type HostChanges = Partial<Pick<HostRecord, 'address' | 'port' | 'user' | 'tags'>>;

const endpointDetails = (h: HostRecord): Readonly<Record<string, unknown>> => ({
  address: h.address,
  port: h.port,
  user: h.user,
  tags: h.tags,
});

/** Changes a host's address, port, user or tags; writes 'host.set' with the values before and after. */
export function updateHost(db: SiteDb, name: string, changes: HostChanges, env?: StoreEnv): { before: HostRecord; after: HostRecord } {
  return auditedChange(
    db,
    { action: 'host.set', subject: name, details: { changes } },
    () => {
      const before = requireHost(db, name);
      const after: HostRecord = { ...before, ...changes };
      db.prepare('UPDATE host SET address = ?, port = ?, user = ?, tags = ? WHERE name = ?').run(
        after.address,
        after.port,
        after.user,
        JSON.stringify(after.tags),
        name,
      );
      return { result: { before, after }, details: { before: endpointDetails(before), after: endpointDetails(after) } };
    },
    env,
  );
}
