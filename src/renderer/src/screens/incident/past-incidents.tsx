// The incidents on record, newest first, each with its result and report one
// click away: what a post-mortem or the next shift starts from.
import { formatTime } from '../../../../shared/format';
import { useApp } from '../../store/use-app';

export function PastIncidents() {
  const incidents = useApp((s) => s.incidents);
  const show = useApp((s) => s.loadIncidentResult);
  if (incidents.length === 0) return null;
  return (
    <section aria-labelledby="past-incidents">
      <h2 id="past-incidents">Incidents on record</h2>
      <table aria-label="Incidents on record">
        <thead>
          <tr>
            <th scope="col">Incident</th>
            <th scope="col">Started</th>
            <th scope="col">Outcome</th>
            <th scope="col">Reason</th>
            <th scope="col">Report</th>
          </tr>
        </thead>
        <tbody>
          {incidents.map((i) => (
            <tr key={i.id}>
              <th scope="row">{i.id}</th>
              <td>{formatTime(i.startedAt)}</td>
              <td>{i.outcome}</td>
              <td className="clip">{i.reason}</td>
              <td>
                <button type="button" onClick={() => void show(i.id)}>
                  Show incident {i.id}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
