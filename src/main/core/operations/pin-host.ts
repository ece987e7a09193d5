// Re-pinning a host whose key changed (a reinstall): the operator gives the new
// fingerprint, checked out of band; it must be one the host offers now, and a
// login through it must work before the database follows. Until then the old
// pin stays, so a failed attempt leaves the host exactly as refused as before.
import { appendAudit } from '../db/audit-log';
import { SiteRefusal } from '../db/db-errors';
import { repinHost, requireHost, type HostRecord } from '../db/hosts';
import type { AddHostDeps } from './add-host';
import { describeKeys, scanHostKeys, type HostKey } from '../remote/host-keys';
import { pinHostKey } from '../remote/known-hosts';
import { sshPaths } from '../remote/ssh-args';

async function switchPin(deps: AddHostDeps, host: HostRecord, fingerprint: string): Promise<HostKey> {
  const keys = await scanHostKeys(host.address, host.port);
  const key = keys.find((k) => k.fingerprint === fingerprint);
  if (!key) {
    const offered = keys.length > 0 ? describeKeys(keys) : '  nothing (is it reachable?)';
    throw new SiteRefusal(
      `${host.name} (${host.address}:${host.port}) does not offer ${fingerprint}; it offers\n${offered}\nnothing was pinned`,
    );
  }
  const target = { ...host, pinnedFingerprint: key.fingerprint };
  // A shared connection still open under the old key would carry the login without checking the new one.
  await deps.transport.closeMaster(target);
  pinHostKey(sshPaths(deps.dataDir), host.name, key);
  try {
    const login = await deps.transport.run(target, ['true'], { timeoutMs: 30_000 });
    if (login.code !== 0) throw new SiteRefusal(`logged in to ${host.name}, but \`true\` exited ${login.code}: ${login.stderr.trim()}`);
  } catch (err) {
    pinHostKey(sshPaths(deps.dataDir), host.name, host.hostKey);
    throw err;
  }
  return key;
}

export async function pinRemoteHost(deps: AddHostDeps, name: string, fingerprint: string): Promise<HostRecord> {
  const host = requireHost(deps.db, name);
  let key: HostKey;
  try {
    key = await switchPin(deps, host, fingerprint);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    appendAudit(deps.db, {
      action: 'host.pin',
      subject: name,
      outcome: 'refused',
      details: { fingerprint, previous: host.hostKey.fingerprint, reason },
    });
    throw err;
  }
  try {
    return repinHost(deps.db, name, key);
  } catch (err) {
    // The database kept the old pin (repinHost audited why); known_hosts follows it.
    pinHostKey(sshPaths(deps.dataDir), name, host.hostKey);
    throw err;
  }
}
