// What the remote layer needs to reach one host, as stored by `host add`.

export interface RemoteHost {
  /** The Airlock name; also the HostKeyAlias `airlock-<name>` its key is pinned under. */
  readonly name: string;
  readonly address: string;
  readonly port: number;
  readonly user: string;
  /** Absolute path of a private key, or undefined to let ssh pick (agent, ~/.ssh). */
  readonly identity?: string;
  /** "SHA256:…" of the pinned key, to name it when the host offers another. */
  readonly pinnedFingerprint?: string;
}

export function hostKeyAlias(name: string): string {
  return `airlock-${name}`;
}
