// The audit rows, newest first, outcome as a word.
import type { AuditRowView } from '../../../../shared/schemas';
import { formatTime } from '../../../../shared/format';

/** "fromGeneration" → "from generation": the engine's field names, read as words. */
const label = (key: string): string =>
  key
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[-_]/g, ' ')
    .toLowerCase();

/** A value in words: lists joined, small objects as "key value" pairs, nothing as JSON braces. */
function valueText(value: unknown): string {
  if (value === null || value === undefined) return '–';
  if (Array.isArray(value)) return value.map(valueText).join(', ') || 'none';
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${label(k)} ${valueText(v)}`)
      .join(', ');
  }
  return String(value);
}

/** The row's details as labelled lines an operator reads, not raw JSON. */
function Details({ details }: { readonly details: unknown }) {
  if (details === null || typeof details !== 'object') return <>{valueText(details)}</>;
  const entries = Object.entries(details as Record<string, unknown>);
  if (entries.length === 0) return <>–</>;
  return (
    <dl className="details-list">
      {entries.map(([k, v]) => (
        <div key={k}>
          <dt>{`${label(k)}: `}</dt>
          <dd>{valueText(v)}</dd>
        </div>
      ))}
    </dl>
  );
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
            <td className="small">
              <Details details={r.details} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
