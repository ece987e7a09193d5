// A host's deployment records, newest first: what was done, from which
// generation to which, how it ended and why, by whom (and on which station,
// when another station made it: read back from the host's own records).
import type { DeploymentView } from '../../../../shared/schemas';
import { formatBytes, formatTime } from '../../../../shared/format';

const OUTCOMES = {
  running: 'running',
  succeeded: 'succeeded',
  'rolled-back': 'rolled back',
  failed: 'failed',
  cancelled: 'cancelled',
  inhibited: 'inhibited',
} as const;
const gen = (n: number | null): string => (n === null ? '–' : String(n));

export function DeploymentsTable({ host, deployments }: { readonly host: string; readonly deployments: readonly DeploymentView[] }) {
  if (deployments.length === 0) return <p>No deployments to {host} yet.</p>;
  return (
    <table aria-label={`Deployments of ${host}`}>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">What</th>
          <th scope="col">From → to</th>
          <th scope="col">Outcome</th>
          <th scope="col">Sent</th>
          <th scope="col">Reason</th>
          <th scope="col">Operator</th>
        </tr>
      </thead>
      <tbody>
        {deployments.map((d) => (
          <tr key={d.id}>
            <td>{formatTime(d.startedAt)}</td>
            <td>
              {d.kind}
              {d.bundle ? ` ${d.bundle}` : ''} ({d.action})
            </td>
            <td>
              {gen(d.fromGeneration)} → {gen(d.toGeneration)}
            </td>
            <td>
              <span className={d.outcome === 'succeeded' ? 'outcome-ok' : d.outcome === 'running' ? '' : 'outcome-failed'}>
                {OUTCOMES[d.outcome]}
              </span>
              {d.outcomeReason ? <div className="muted small">{d.outcomeReason}</div> : null}
            </td>
            <td>{d.pathsSent ? `${d.pathsSent} paths, ${formatBytes(d.bytesSent)}` : '–'}</td>
            <td>{d.reason ?? '–'}</td>
            <td>
              {d.operator}
              {d.station ? <div className="muted small">on station {d.station}</div> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
