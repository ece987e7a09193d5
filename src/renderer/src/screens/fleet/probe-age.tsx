// When a host was last heard from, as an age that grows on screen: "12 s ago",
// marked stale once it is older than two probe intervals (the periodic probe
// should have answered by then), "probing…" while a probe is out, and for an
// offline host both when the probe failed and when it was last seen.
import type { HostProbeView } from '../../../../shared/schemas';
import { formatAge, formatTime } from '../../../../shared/format';

interface Props {
  readonly probe: HostProbeView | null;
  readonly probing: boolean;
  readonly now: number;
  /** The engine's probe interval; older answers are stale. */
  readonly intervalMs: number | undefined;
}

export function ProbeAge({ probe, probing, now, intervalMs }: Props) {
  const busy = probing ? <div className="muted small">probing…</div> : null;
  if (!probe)
    return (
      <>
        never
        {busy}
      </>
    );
  const stale = intervalMs !== undefined && now - Date.parse(probe.probedAt) > 2 * intervalMs + 5_000;
  const seen =
    !probe.reachable && probe.lastSeenAt !== null ? <div className="muted small">last seen {formatAge(probe.lastSeenAt, now)}</div> : null;
  return (
    <>
      <span title={formatTime(probe.probedAt)} className={stale ? 'stale' : undefined}>
        {probe.reachable ? '' : 'failed '}
        {formatAge(probe.probedAt, now)}
        {stale ? ' (stale)' : ''}
      </span>
      {seen}
      {busy}
    </>
  );
}
