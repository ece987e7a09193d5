// The plan per host before anything is sent: what it runs now and would run
// (NixOS and kernel), what it lacks (paths and bytes), whether a reboot would
// be needed, and why it cannot be deployed when it cannot.
import type { HostPlanView } from '../../../../shared/schemas';
import { formatBytes } from '../../../../shared/format';

const facts = (f: HostPlanView['current']): string =>
  f.toplevel === null
    ? '–'
    : `${f.generation === null ? 'new generation' : `generation ${f.generation}`}: NixOS ${f.nixosVersion ?? '?'}, kernel ${f.kernelVersion ?? '?'}`;

/** "24.05.1 (Uakari)" as a host reports it and "24.05.1" as a toplevel's name carries it are the same release. */
const release = (v: string | null): string | null => v?.replace(/\s*\(.*\)$/, '') ?? null;

function Change({ p }: { readonly p: HostPlanView }) {
  if (p.problem) return <span className="outcome-failed">cannot deploy: {p.problem}</span>;
  if (p.unchanged) return <>already runs it: nothing changes</>;
  const changes = [
    release(p.current.nixosVersion) !== release(p.target.nixosVersion)
      ? `NixOS ${p.current.nixosVersion ?? '?'} → ${p.target.nixosVersion ?? '?'}`
      : null,
    p.current.kernelVersion !== p.target.kernelVersion
      ? `kernel ${p.current.kernelVersion ?? '?'} → ${p.target.kernelVersion ?? '?'}`
      : null,
  ].filter(Boolean);
  return <>{changes.length ? changes.join('; ') : 'same versions, new system'}</>;
}

export function PlanTable({ plan }: { readonly plan: readonly HostPlanView[] }) {
  return (
    <table aria-label="Deploy plan">
      <thead>
        <tr>
          <th scope="col">Host</th>
          <th scope="col">Runs now</th>
          <th scope="col">Would run</th>
          <th scope="col">Changes</th>
          <th scope="col">To send</th>
          <th scope="col">Reboot</th>
        </tr>
      </thead>
      <tbody>
        {plan.map((p) => (
          <tr key={p.host}>
            <th scope="row">{p.host}</th>
            <td>{facts(p.current)}</td>
            <td>{facts(p.target)}</td>
            <td>
              <Change p={p} />
            </td>
            <td>{p.problem ? '–' : `${p.pathsToSend} of ${p.closurePaths} paths, ${formatBytes(p.bytesToSend)}`}</td>
            <td>{p.rebootNeeded ? <span className="state state-needs-reboot">▲ reboot needed</span> : 'no reboot'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
