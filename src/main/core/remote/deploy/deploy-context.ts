// What every operation on hosts needs, handed in by the face that runs it
// (command line, app, web console), so tests give real folders and hosts.
import type { CacheLayout } from '../../cache/cache-layout';
import type { SiteDb } from '../../db/open-database';
import type { StoreEnv } from '../../db/store-env';
import type { SshPaths } from '../ssh-args';
import type { SshTransport } from '../ssh-transport';
import type { HealthCheck } from '../activate/health-checks';
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

export const DEFAULT_CONFIRM_TIMEOUT_SECONDS = 60;
export const DEFAULT_ACTIVATION_TIMEOUT_SECONDS = 600;
