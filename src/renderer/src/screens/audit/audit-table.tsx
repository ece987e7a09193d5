// The audit rows, newest first, outcome as a word.
import type { AuditRowView } from '../../../../shared/schemas';
import { formatTime } from '../../../../shared/format';

function detailsText(details: unknown): string {
  if (details === null || typeof details !== 'object') return String(details ?? '');
  return Object.entries(details as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join('; ');
}

export function AuditTable({ rows }: { readonly rows: readonly AuditRowView[] }) {
  return (
    <table aria-label="Audit log">
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">Time</th>
          <th scope="col">User</th>
          <th scope="col">Action</th>
          <th scope="col">Subject</th>
          <th scope="col">Outcome</th>
          <th scope="col">Details</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id}>
            <th scope="row">{r.id}</th>
            <td>{formatTime(r.time)}</td>
            <td>{r.user}</td>
            <td>{r.action}</td>
            <td className="mono small">{r.subject}</td>
            <td>
              <span className={`outcome outcome-${r.outcome}`}>{r.outcome}</span>
            </td>
            <td className="small clip">{detailsText(r.details)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
