// What every operation on hosts needs, handed in by the face that runs it
// (command line, app, web console), so tests give real folders and hosts.
import type { CacheLayout } from '../cache/cache-layout';
import type { SiteDb } from '../db/open-database';
import type { StoreEnv } from '../db/store-env';
import { healthChecksOf } from '../db/health-checks';
import { requireHost } from '../db/hosts';
import { keyText, listTrustedKeys } from '../db/trusted-keys';
import { sshPaths, type SshPaths } from '../remote/ssh-args';
import { createSshTransport, type SshTransport } from '../remote/ssh-transport';
import type { HealthCheck } from '../remote/activate/health-checks';
import type { HostEvent } from './host-outcome';

export interface HostsContext {
  readonly db: SiteDb;
  readonly dataDir: string;
  readonly transport: SshTransport;
  readonly sshPaths: SshPaths;
  readonly env?: StoreEnv;
  readonly onEvent?: (event: HostEvent) => void;
  /** Aborting stops what has not reached activation; an activation always runs to its end. */
  readonly signal?: AbortSignal;
  /** The checks to run on `host` after an activation (besides systemd's own). */
  readonly healthChecksFor?: (host: string) => readonly HealthCheck[];
}

export interface DeployContext extends HostsContext {
  readonly layout: CacheLayout;
  /** `name:base64` keys a host's Nix accepts the offline cache's narinfos from. */
  readonly trustedKeys: readonly string[];
}

export interface ActivationOptions {
  /** Seconds the host waits for confirmation before it rolls back; 0: no magic rollback. */
  readonly confirmTimeoutSeconds: number;
  readonly activationTimeoutSeconds: number;
}

export { DEFAULT_ACTIVATION_TIMEOUT_SECONDS, DEFAULT_CONFIRM_TIMEOUT_SECONDS } from './activation-defaults';

export interface ContextOptions {
  readonly transport?: SshTransport;
  readonly onEvent?: (event: HostEvent) => void;
  readonly signal?: AbortSignal;
  readonly env?: StoreEnv;
}

/** The one way every face builds the context: the data folder's SSH state, and each host's configured health checks. */
export function hostsContextFor(db: SiteDb, dataDir: string, options: ContextOptions = {}): HostsContext {
  return {
    db,
    dataDir,
    transport: options.transport ?? createSshTransport(dataDir),
    sshPaths: sshPaths(dataDir),
    healthChecksFor: (name) => healthChecksOf(db, requireHost(db, name)),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.env ? { env: options.env } : {}),
  };
}

/** A deploy's context: the above, the offline cache, and the keys a host's Nix must accept its narinfos from. */
export function deployContextFor(hosts: HostsContext, layout: CacheLayout): DeployContext {
  return { ...hosts, layout, trustedKeys: listTrustedKeys(hosts.db, 'nix').map(keyText) };
}
