// Adding a host: fetch the keys it offers, pin the one the operator confirmed,
// prove a login works through that pin, then store it. An attempt that ends
// after the input was valid leaves no host and no pin, and an audit row that
// says how it ended: 'refused' when Airlock said no (no confirmed key, a key
// mismatch, a name taken), 'failed' when the host could not be reached or
// would not let Airlock in; never 'ok'.
import { appendAudit } from '../db/audit-log';
import { HostNameTakenError, SiteRefusal } from '../db/db-errors';
import { addHost, findHost, type HostRecord, type NewHost } from '../db/hosts';
import type { SiteDb } from '../db/open-database';
import { describeKeys, scanHostKeys, type HostKey } from '../remote/host-keys';
import { pinHostKey, unpinHostKey } from '../remote/known-hosts';
import { sshPaths } from '../remote/ssh-args';
import { HostUnreachableError, SshError } from '../remote/ssh-errors';
import type { SshTransport } from '../remote/ssh-transport';

/** How the operator vouches for the key: a fingerprint checked out of band, or trust on first use. */
export type KeyAcceptance =
  { readonly kind: 'fingerprint'; readonly fingerprint: string } | { readonly kind: 'first-seen' } | { readonly kind: 'none' };

export type HostSpec = Omit<NewHost, 'hostKey'>;

export interface AddHostDeps {
  readonly db: SiteDb;
  readonly dataDir: string;
  readonly transport: SshTransport;
}

function chooseKey(spec: HostSpec, keys: readonly HostKey[], accept: KeyAcceptance): HostKey {
  const where = `${spec.address}:${spec.port}`;
  if (keys.length === 0)
    throw new HostUnreachableError(
      spec.name,
      `could not fetch a host key from ${where} (is sshd running there, is the address right?); ${spec.name} was not added`,
      '',
    );
  switch (accept.kind) {
    case 'first-seen':
      // keys come ed25519 first (scanHostKeys), so this is the first ed25519 key, else the first key.
      return keys[0] as HostKey;
    case 'fingerprint': {
      const match = keys.find((k) => k.fingerprint === accept.fingerprint);
      if (match) return match;
      throw new SiteRefusal(
        `host key mismatch for ${spec.name}: you gave ${accept.fingerprint}, but ${where} offers\n${describeKeys(keys)}\nnothing was pinned`,
      );
    }
    case 'none':
      throw new SiteRefusal(
        `${where} offers these host keys:\n${describeKeys(keys)}\n` +
          `check the fingerprint on the host's console (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub), then run again with ` +
          `--accept-host-key ${keys[0]?.fingerprint ?? 'SHA256:…'} (or --accept-new-host-key to trust the first key seen)`,
      );
  }
}

async function pinAndCheck(deps: AddHostDeps, spec: HostSpec, accept: KeyAcceptance): Promise<NewHost> {
  // Before any key is fetched: a name taken is answered at once, whatever the address.
  if (findHost(deps.db, spec.name)) throw new HostNameTakenError(spec.name);
  const key = chooseKey(spec, await scanHostKeys(spec.address, spec.port), accept);
  const paths = sshPaths(deps.dataDir);
  const host: NewHost = { ...spec, hostKey: key };
  pinHostKey(paths, spec.name, key);
  try {
    // Through the pin just written: a host that swapped keys since the scan is refused here.
    const login = await deps.transport.run({ ...spec, pinnedFingerprint: key.fingerprint }, ['true'], { timeoutMs: 30_000 });
    if (login.code !== 0)
      throw new SshError(
        spec.name,
        `logged in to ${spec.name}, but \`true\` exited ${login.code}: ${login.stderr.trim()}; ${spec.name} was not added`,
        login.stderr,
      );
  } catch (err) {
    unpinHostKey(paths, spec.name);
    throw err;
  }
  return host;
}

export async function addRemoteHost(deps: AddHostDeps, spec: HostSpec, accept: KeyAcceptance): Promise<HostRecord> {
  let host: NewHost;
  try {
    host = await pinAndCheck(deps, spec, accept);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    const outcome = err instanceof SiteRefusal ? 'refused' : 'failed';
    appendAudit(deps.db, { action: 'host.add', subject: spec.name, outcome, details: { address: spec.address, port: spec.port, reason } });
    throw err;
  }
  try {
    return addHost(deps.db, host);
  } catch (err) {
    unpinHostKey(sshPaths(deps.dataDir), spec.name);
    throw err;
  }
}
