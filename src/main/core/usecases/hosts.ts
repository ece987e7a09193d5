// The site's hosts: add one (its SSH key pinned by the fingerprint the
// operator confirmed, and a login proved through that pin), list, probe,
// re-pin after a reinstall, and remove. Every field is validated here, once,
// before anything reaches ssh.
import { HostNameTakenError } from '../db/db-errors';
import { getSite } from '../db/site-store';
import { findHost, listHosts as listHostRecords, removeHost as removeHostRecord, requireHost, type HostRecord } from '../db/hosts';
import { addRemoteHost, type KeyAcceptance } from '../operations/add-host';
import { adoptRunningGeneration } from '../operations/adopt-host';
import { importHostHistory } from '../operations/import-host-history';
import { pinRemoteHost } from '../operations/pin-host';
import { remoteHostOf } from '../operations/remote-host-of';
import { scanHostKeys, type HostKey } from '../remote/host-keys';
import { unpinHostKey } from '../remote/known-hosts';
import { probeHosts as probeRemoteHosts, type HostProbe } from '../remote/probe-hosts';
import { sshPaths } from '../remote/ssh-args';
import { validateAddress, validateHostName, validateIdentityFile, validatePort, validateTag, validateUser } from '../remote/validate';
import type { UseCaseContext } from './context';

export type { HostRecord } from '../db/hosts';
export type { KeyAcceptance } from '../operations/add-host';
export type { HostProbe, GenerationInfo } from '../remote/probe-hosts';

/** A host as the operator typed it; every field is checked before use. */
export interface HostInput {
  readonly name: string;
  readonly address: string;
  readonly port?: number | string;
  readonly user?: string;
  readonly identity?: string;
  readonly tags?: readonly string[];
}

/** The site's hosts; refuses in a data folder with no site (most likely a mistyped --data-dir). */
export function listHosts(uc: UseCaseContext): readonly HostRecord[] {
  return listHostRecords(uc.siteDb());
}

/** The hosts for a screen: none, not an error, in a data folder with no site yet. */
export function listHostsIfSite(uc: UseCaseContext): readonly HostRecord[] {
  return getSite(uc.db()) ? listHostRecords(uc.db()) : [];
}

/** Refuses a host name already in use, before any key is fetched: that host is edited or removed instead. */
export function requireFreeHostName(uc: UseCaseContext, name: string): string {
  const valid = validateHostName(name);
  if (findHost(uc.siteDb(), valid)) throw new HostNameTakenError(valid);
  return valid;
}

/** The keys a host offers, to show their fingerprints before one is pinned. */
export async function scanKeys(address: string, port: number | string): Promise<HostKey[]> {
  return scanHostKeys(validateAddress(address), validatePort(String(port)));
}

/** A host just added, and the generation adopted as known good (null when it was not probed healthy). */
export type AddedHost = HostRecord & { readonly adoptedGeneration: number | null };

export async function addHost(uc: UseCaseContext, input: HostInput, accept: KeyAcceptance): Promise<AddedHost> {
  const spec = {
    name: validateHostName(input.name),
    address: validateAddress(input.address),
    port: validatePort(String(input.port ?? 22)),
    user: validateUser(input.user ?? 'root'),
    ...(input.identity ? { identity: validateIdentityFile(input.identity) } : {}),
    tags: [...new Set((input.tags ?? []).map(validateTag))],
  };
  // A host belongs to a site: added to a data folder without one, nothing could be deployed to it.
  const db = uc.siteDb();
  const deps = { db, dataDir: uc.dataDir, transport: uc.transport };
  const host = await addRemoteHost(deps, spec, accept);
  // What other stations did to it first: this station's deployment history and last known good start from there.
  await importHostHistory(deps, host);
  // Known good from the start, so an incident does not leave a never-deployed host out.
  return { ...host, adoptedGeneration: await adoptRunningGeneration({ db, transport: uc.transport }, host) };
}

/** Pins a host's new key after a reinstall, by the fingerprint checked on its console. */
export function pinHost(uc: UseCaseContext, name: string, fingerprint: string): Promise<HostRecord> {
  return pinRemoteHost({ db: uc.db(), dataDir: uc.dataDir, transport: uc.transport }, validateHostName(name), fingerprint);
}

/** Forgets a host and its pinned key. */
export async function removeHost(uc: UseCaseContext, name: string): Promise<HostRecord> {
  const host = removeHostRecord(uc.db(), validateHostName(name));
  // The shared connection would otherwise outlive the pin for up to ControlPersist.
  await uc.transport.closeMaster(remoteHostOf(host));
  unpinHostKey(sshPaths(uc.dataDir), host.name);
  return host;
}

/** Asks the named hosts (all when none are named) what they run; an offline host is a result, not a throw. */
export function probeHosts(uc: UseCaseContext, names?: readonly string[]): Promise<readonly HostProbe[]> {
  const db = uc.db();
  const hosts = names === undefined || names.length === 0 ? listHostRecords(db) : [...new Set(names)].map((n) => requireHost(db, n));
  return probeRemoteHosts(uc.transport, hosts.map(remoteHostOf));
}
