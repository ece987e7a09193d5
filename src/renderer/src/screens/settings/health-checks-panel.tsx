// Health checks per host and per tag: what runs after every activation
// (deploy, switch, rollback, incident), with a way to add and remove them.
import { useEffect } from 'react';
import type { HealthCheckView } from '../../../../shared/schemas';
import { ErrorNote } from '../../components/error-note';
import { useApp } from '../../store/use-app';
import { AddHealthCheckForm } from './add-health-check-form';

export const describeCheck = (c: HealthCheckView): string =>
  c.spec.kind === 'tcp' ? `TCP port ${c.spec.port} reachable` : `${c.spec.command} exits with ${c.spec.expectStatus}`;
const scopeOf = (c: HealthCheckView): string => (c.host !== null ? `host ${c.host}` : `tag ${c.tag ?? '?'}`);

export function HealthChecksPanel() {
  const checks = useApp((s) => s.checks);
  const error = useApp((s) => s.checksError);
  const load = useApp((s) => s.loadChecks);
  const remove = useApp((s) => s.removeCheck);
  useEffect(() => void load(), [load]);
  return (
    <section aria-labelledby="health-checks-title">
      <h2 id="health-checks-title">Health checks</h2>
      <p className="muted small">
        Run after every activation; a host whose checks fail is not confirmed and puts its previous system back.
      </p>
      <ErrorNote text={error} title="Health checks" />
      {checks.length === 0 ? (
        <p>No health checks yet: only systemd&apos;s own state is checked.</p>
      ) : (
        <table aria-label="Health checks">
          <thead>
            <tr>
              <th scope="col">For</th>
              <th scope="col">Check</th>
              <th scope="col">Time limit</th>
              <th scope="col">Remove</th>
            </tr>
          </thead>
          <tbody>
            {checks.map((c) => (
              <tr key={c.id}>
                <th scope="row">{scopeOf(c)}</th>
                <td className="mono">{describeCheck(c)}</td>
                <td>{c.spec.timeoutSeconds} s</td>
                <td>
                  <button type="button" onClick={() => void remove(c.id)}>
                    Remove check {c.id} ({scopeOf(c)})
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <AddHealthCheckForm />
    </section>
  );
}
