// A host's public keys as it offers them now (ssh-keyscan), and their SHA256
// fingerprints in the form OpenSSH prints: base64 of sha256(key blob), no padding.
import { createHash } from 'node:crypto';
import { spawnCapture } from './spawn-capture';

export interface HostKey {
  /** 'ssh-ed25519', 'ecdsa-sha2-nistp256', 'ssh-rsa', … */
  readonly type: string;
  /** The key blob, base64, as known_hosts holds it. */
  readonly base64: string;
  readonly fingerprint: string;
}

const KEY_TYPE = /^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521))$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export function fingerprintOf(base64: string): string {
  const digest = createHash('sha256').update(Buffer.from(base64, 'base64')).digest('base64');
  return `SHA256:${digest.replace(/=+$/, '')}`;
}

export function toHostKey(type: string, base64: string): HostKey {
  if (!KEY_TYPE.test(type) || !BASE64.test(base64)) throw new Error(`not a host key: ${type} ${base64.slice(0, 20)}…`);
  return { type, base64, fingerprint: fingerprintOf(base64) };
}

/** Parses ssh-keyscan's stdout ("host type base64" lines; comments go to stderr). */
export function parseKeyscan(stdout: string): HostKey[] {
  const keys: HostKey[] = [];
  for (const line of stdout.split('\n')) {
    const [, type, base64] = line.trim().split(/\s+/);
    if (line.startsWith('#') || type === undefined || base64 === undefined) continue;
    if (KEY_TYPE.test(type) && BASE64.test(base64)) keys.push(toHostKey(type, base64));
  }
  return keys;
}

/**
 * The keys `address:port` offers, ed25519 first. Unauthenticated by nature:
 * only what the operator confirms (or --accept-new-host-key) becomes a pin.
 */
export async function scanHostKeys(address: string, port: number): Promise<HostKey[]> {
  // address was validated (never starts with '-'); `--` makes sure of it anyway.
  const result = await spawnCapture(['ssh-keyscan', '-T', '5', '-p', String(port), '-t', 'ed25519,ecdsa,rsa', '--', address], {
    timeoutMs: 20_000,
  });
  const rank = (k: HostKey): number => (k.type === 'ssh-ed25519' ? 0 : k.type.startsWith('ecdsa') ? 1 : 2);
  return parseKeyscan(result.stdout).sort((a, b) => rank(a) - rank(b));
}

export function describeKeys(keys: readonly HostKey[]): string {
  return keys.map((k) => `  ${k.type} ${k.fingerprint}`).join('\n');
}
