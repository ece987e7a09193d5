// The incidents on record, newest first (`airlock incident ls`): when, why,
// who, and how each host came out, with the report one click away: what a
// post-mortem or the next shift starts from.
import { formatTime } from '../../../../shared/format';
import type { IncidentHostStatusView, IncidentRecordView } from '../../../../shared/schemas';
import { useApp } from '../../store/use-app';

const STATUS_WORDS: Readonly<Record<IncidentHostStatusView, string>> = {
  'rolled-back': 'rolled back',
  unchanged: 'unchanged',
  failed: 'failed',
  'left-out': 'left out',
  'not-started': 'not started',
};

function HostOutcomes({ incident }: { readonly incident: IncidentRecordView }) {
  if (incident.hosts.length === 0) return <>none</>;
  return (
    <ul className="plain" aria-label={`Hosts of incident ${incident.id}`}>
      {incident.hosts.map((h) => (
        <li key={h.host}>
          {h.host}: {STATUS_WORDS[h.status]}
          {h.status === 'rolled-back' && h.after?.generation != null ? ` to generation ${h.after.generation}` : ''}
        </li>
      ))}
    </ul>
  );
}

export function PastIncidents() {
  const incidents = useApp((s) => s.incidents);
  const show = useApp((s) => s.loadIncidentResult);
  return (
    <section aria-labelledby="past-incidents">
      <h2 id="past-incidents">Incidents on record</h2>
      {incidents.length === 0 ? (
        <p className="muted">No incidents on record yet.</p>
      ) : (
        <table aria-label="Incidents on record">
          <thead>
            <tr>
              <th scope="col">Incident</th>
              <th scope="col">Started</th>
              <th scope="col">Operator</th>
              <th scope="col">Reason</th>
              <th scope="col">Outcome</th>
              <th scope="col">Hosts</th>
              <th scope="col">Report</th>
            </tr>
          </thead>
          <tbody>
            {incidents.map((i) => (
              <tr key={i.id}>
                <th scope="row">{i.id}</th>
                <td>{formatTime(i.startedAt)}</td>
                <td>{i.operator}</td>
                <td className="clip">{i.reason}</td>
                <td>{i.outcome}</td>
                <td>
                  <HostOutcomes incident={i} />
                </td>
                <td>
                  <button type="button" onClick={() => void show(i.id)}>
                    Show incident {i.id}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
