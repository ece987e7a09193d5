// What a generation changes compared with the current one, read from the
// closures on the host: packages added, removed and changed with versions,
// and the closure size change.
import type { PackageVersionsView } from '../../../../shared/schemas';
import { ErrorNote } from '../../components/error-note';
import { formatBytes } from '../../../../shared/format';
import type { ClosureDiffState } from '../../store/host-actions-slice';

const versions = (v: readonly string[]): string => (v.length ? v.map((x) => x || '(no version)').join(', ') : '–');
const signed = (n: number): string => `${n < 0 ? '−' : '+'}${formatBytes(Math.abs(n))}`;

function Packages({ title, rows }: { readonly title: string; readonly rows: readonly PackageVersionsView[] }) {
  if (rows.length === 0) return <p>{title}: none.</p>;
  return (
    <table aria-label={title}>
      <thead>
        <tr>
          <th scope="col">Package</th>
          <th scope="col">Current</th>
          <th scope="col">This generation</th>
          <th scope="col">Size change</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.name}>
            <th scope="row">{r.name}</th>
            <td>{versions(r.from)}</td>
            <td>{versions(r.to)}</td>
            <td>{signed(r.sizeDelta)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ClosureDiffPanel({
  host,
  state,
  onClose,
}: {
  readonly host: string;
  readonly state: ClosureDiffState;
  readonly onClose: () => void;
}) {
  const d = state.diff;
  return (
    <section aria-label={`Diff of generation ${state.generation} with current`}>
      <div className="toolbar">
        <h2>Generation {state.generation} compared with the current one</h2>
        <button type="button" onClick={onClose}>
          Close diff
        </button>
      </div>
      {state.loading ? <p role="status">Reading both closures on {host}…</p> : null}
      <ErrorNote text={state.error} title="No diff" />
      {d ? (
        <>
          <p className="diff-sizes">
            Closure: {formatBytes(d.from.closureBytes)} ({d.from.paths} paths, generation {d.from.generation}) →{' '}
            {formatBytes(d.to.closureBytes)} ({d.to.paths} paths, generation {d.to.generation}):{' '}
            {signed(d.to.closureBytes - d.from.closureBytes)}
          </p>
          <Packages title="Changed packages" rows={d.changed} />
          <Packages title="Added packages" rows={d.added} />
          <Packages title="Removed packages" rows={d.removed} />
        </>
      ) : null}
    </section>
  );
}
