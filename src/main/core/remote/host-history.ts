// The host's own memory of Airlock's changes to it: one small JSON file per
// activation, beside the known good GC roots, in
// /nix/var/nix/gcroots/airlock/history/. A station that lost its database
// (a lost laptop, a fresh deploy station) reads them back when it adds the
// host. Nix's garbage collector walks gcroots recursively but takes only
// symlinks, and regular files named like store paths, as roots: these files
// are neither, so they root nothing. The lkg-* sync touches only lkg-* links.
//
// Trust: a record is as trustworthy as the hosts' root account and the SSH
// connection it was written over, which is pinned to the host's key (added by
// fingerprint). Records are not signed: any station that can log in as the
// deploying user can write one, exactly as it can activate a system.
// Each file is written whole by a rename, so a reader never sees half of one.
import { parseStorePath } from '../nix/store-path';
import { LKG_ROOT_DIR } from './lkg-roots';
import type { RemoteHost } from './remote-host';
import { SshError } from './ssh-errors';
import type { SshTransport } from './ssh-transport';

export const HOST_HISTORY_DIR = `${LKG_ROOT_DIR}/history`;
export const HOST_RECORD_FORMAT = 1;
/** A record of a Nix profile's change (issue 12): format 1 plus `profile`. Stations older than it skip it, rather than read it as the system's. */
export const HOST_PROFILE_RECORD_FORMAT = 2;

export interface RecordedSystem {
  readonly generation: number | null;
  readonly toplevel: string | null;
}

/** One activation as the host keeps it. */
export interface HostChangeRecord {
  readonly format: typeof HOST_RECORD_FORMAT | typeof HOST_PROFILE_RECORD_FORMAT;
  /** The Nix profile changed, its path on the host (format 2 only); absent: the NixOS system. */
  readonly profile?: string;
  /** The station that made the change (its data folder's station id). */
  readonly station: string;
  /** That station's own number for the deployment (unique per station). */
  readonly deployment: number;
  readonly operator: string;
  readonly kind: 'deploy' | 'switch' | 'rollback';
  readonly action: 'switch' | 'boot' | 'test' | 'dry-activate';
  readonly bundle: string | null;
  readonly reason: string | null;
  readonly from: RecordedSystem;
  readonly to: RecordedSystem & { readonly toplevel: string };
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly outcome: 'succeeded' | 'rolled-back' | 'failed' | 'cancelled' | 'inhibited';
  readonly outcomeReason: string | null;
  /** Health checks passed and the host answered over a new connection: known good. */
  readonly confirmed: boolean;
}

const WRITE_SCRIPT = `
d=${HOST_HISTORY_DIR}
mkdir -p "$d" || exit 1
printf '%s\\n' "$2" > "$d/.$1.tmp" && mv -f "$d/.$1.tmp" "$d/$1"
`;

// One record per line; files are JSON on one line, so a line is a record.
const READ_SCRIPT = `
d=${HOST_HISTORY_DIR}
[ -d "$d" ] || exit 0
for f in "$d"/*.json; do [ -f "$f" ] && cat "$f"; done
exit 0
`;

const KINDS = new Set(['deploy', 'switch', 'rollback']);
const ACTIONS = new Set(['switch', 'boot', 'test', 'dry-activate']);
const OUTCOMES = new Set(['succeeded', 'rolled-back', 'failed', 'cancelled', 'inhibited']);
const STATION = /^[a-z0-9][a-z0-9-]{0,62}$/;
const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

const isText = (v: unknown): v is string => typeof v === 'string' && v.length <= 4096;
const isTextOrNull = (v: unknown): v is string | null => v === null || isText(v);
const isGeneration = (v: unknown): v is number | null => v === null || (Number.isSafeInteger(v) && (v as number) >= 1);
function isToplevel(v: unknown): v is string {
  if (typeof v !== 'string') return false;
  try {
    parseStorePath(v);
    return true;
  } catch {
    return false;
  }
}
const isProfilePath = (v: string): boolean => /^\/[^\s\0]{1,4095}$/.test(v) && !v.split('/').includes('..');
function isSystem(v: unknown): v is RecordedSystem {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  return isGeneration(s.generation) && (s.toplevel === null || isToplevel(s.toplevel));
}

/** The record, if `value` is a well-formed one; anything else on a host is never believed. */
export function asHostChangeRecord(value: unknown): HostChangeRecord | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const r = value as Record<string, unknown>;
  const formatOk =
    (r.format === HOST_RECORD_FORMAT && r.profile === undefined) ||
    (r.format === HOST_PROFILE_RECORD_FORMAT && typeof r.profile === 'string' && isProfilePath(r.profile));
  const ok =
    formatOk &&
    typeof r.station === 'string' &&
    STATION.test(r.station) &&
    Number.isSafeInteger(r.deployment) &&
    (r.deployment as number) >= 1 &&
    isText(r.operator) &&
    KINDS.has(r.kind as string) &&
    ACTIONS.has(r.action as string) &&
    isTextOrNull(r.bundle) &&
    isTextOrNull(r.reason) &&
    isSystem(r.from) &&
    isSystem(r.to) &&
    isToplevel((r.to as RecordedSystem).toplevel) &&
    isText(r.startedAt) &&
    TIME.test(r.startedAt) &&
    isText(r.finishedAt) &&
    TIME.test(r.finishedAt) &&
    OUTCOMES.has(r.outcome as string) &&
    isTextOrNull(r.outcomeReason) &&
    typeof r.confirmed === 'boolean';
  return ok ? (value as HostChangeRecord) : undefined;
}

/** The file a record lives in: sortable by time, unique per station and deployment. */
export function hostChangeFileName(record: HostChangeRecord): string {
  return `${record.startedAt.replace(/[^0-9TZ]/g, '')}-${record.station}-${record.deployment}.json`;
}

/** Writes (or rewrites) `record` on the host, whole. Throws SshError when the host would not take it. */
export async function writeHostChangeRecord(transport: SshTransport, host: RemoteHost, record: HostChangeRecord): Promise<void> {
  if (!asHostChangeRecord(record)) throw new Error(`not a well-formed host record: ${JSON.stringify(record).slice(0, 200)}`);
  const name = hostChangeFileName(record);
  const r = await transport.run(host, ['sh', '-c', WRITE_SCRIPT, 'airlock-record', name, JSON.stringify(record)], { timeoutMs: 30_000 });
  if (r.code !== 0)
    throw new SshError(
      host.name,
      `${host.name}: could not write its record of this change in ${HOST_HISTORY_DIR}: ${r.stderr.trim()}`,
      r.stderr,
    );
}

export interface HostHistory {
  /** Well-formed records, oldest first (by start time). */
  readonly records: readonly HostChangeRecord[];
  /** Lines that were not a well-formed record (left alone, never believed). */
  readonly unreadable: number;
}

/** Every record the host keeps. Throws SshError when the host cannot be read. */
export async function readHostHistory(transport: SshTransport, host: RemoteHost): Promise<HostHistory> {
  const r = await transport.run(host, ['sh', '-c', READ_SCRIPT, 'airlock-history'], { timeoutMs: 60_000 });
  if (r.code !== 0)
    throw new SshError(host.name, `${host.name}: could not read its records in ${HOST_HISTORY_DIR}: ${r.stderr.trim()}`, r.stderr);
  const records: HostChangeRecord[] = [];
  let unreadable = 0;
  for (const line of r.stdout.split('\n')) {
    if (line.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      parsed = undefined;
    }
    const record = asHostChangeRecord(parsed);
    if (record) records.push(record);
    else unreadable++;
  }
  records.sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt) || a.deployment - b.deployment);
  return { records, unreadable };
}
