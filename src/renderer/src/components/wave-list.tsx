// A deploy's waves as they start and end, and, once a rollout stopped, the
// hosts of the waves that never started: those were not touched.
import type { OperationView } from '../../../shared/schemas';

type Waves = NonNullable<OperationView['waves']>;

const WORDS = { waiting: 'waiting', running: 'running', finished: 'finished', 'not-started': 'not started' } as const;

export function WaveList({ waves }: { readonly waves: Waves }) {
  const untouched = waves.filter((w) => w.status === 'not-started').flatMap((w) => w.hosts);
  return (
    <>
      <table aria-label="Waves">
        <thead>
          <tr>
            <th scope="col">Wave</th>
            <th scope="col">Hosts</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {waves.map((w) => (
            <tr key={w.number}>
              <th scope="row">{w.number}</th>
              <td>{w.hosts.join(', ')}</td>
              <td>{WORDS[w.status]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {untouched.length > 0 ? (
        <div role="alert" aria-label="Hosts not touched" className="note note-error">
          The rollout stopped: no further wave started. Not touched: {untouched.join(', ')}.
        </div>
      ) : null}
    </>
  );
}
