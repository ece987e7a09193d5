// Deploy: pick a bundle and hosts, see the plan per host, start, watch each
// host's progress, end on a result per host. The engine runs one operation
// per host at a time; a busy host ends as "failed" naming who holds it.
import { useEffect } from 'react';
import { ErrorNote } from '../../components/error-note';
import { OperationPanel } from '../../components/operation-panel';
import { busyHosts } from '../../store/operations-slice';
import { useApp } from '../../store/use-app';
import { DeployForm } from './deploy-form';
import { PlanTable } from './plan-table';

export function DeployScreen() {
  const load = useApp((s) => s.loadDeployBundles);
  const bundles = useApp((s) => s.deployBundles);
  const plan = useApp((s) => s.plan);
  const error = useApp((s) => s.deployError);
  const start = useApp((s) => s.startDeploy);
  const op = useApp((s) => (s.deployOperationId ? s.operations[s.deployOperationId] : undefined));
  const busy = useApp((s) => busyHosts(s.operations).size > 0);
  useEffect(() => void load(), [load]);
  const byName = useApp((s) => s.deployOptions.choose === 'names');
  // By name only what the plan can change is sent; by tag or all the engine takes every chosen host.
  const deployable = (byName ? plan?.filter((p) => p.problem === null && !p.unchanged) : plan) ?? [];
  return (
    <>
      <h1 id="screen-title">Deploy</h1>
      {bundles.length === 0 && !error ? (
        <p>The offline cache holds no bundle of this site yet: import one on the Media &amp; import screen.</p>
      ) : null}
      <DeployForm />
      <ErrorNote text={error} title="Deploy" />
      {plan ? (
        <>
          <h2>Plan</h2>
          <PlanTable plan={plan} />
          <div className="toolbar">
            <button type="button" onClick={() => void start()} disabled={deployable.length === 0 || (op?.status === 'running' && busy)}>
              Start deploy to {deployable.length} host{deployable.length === 1 ? '' : 's'}
            </button>
            <span className="muted small">Each host keeps its old generation; one that does not confirm in time rolls itself back.</span>
          </div>
        </>
      ) : null}
      {op ? <OperationPanel op={op} title="Deploy progress" /> : null}
    </>
  );
}
