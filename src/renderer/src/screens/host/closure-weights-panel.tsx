// What a generation weighs, where an operator would rather look than read: the
// heaviest paths as sorted bars of what each alone adds (its unique size: what
// would leave the closure with it), with its NAR size beside it, and for any of
// them the chain of references that pulls it in (nix why-depends).
import { formatBytes } from '../../../../shared/format';
import { ErrorNote } from '../../components/error-note';
import type { ClosureWeightState, WhyState } from '../../store/closure-weights-slice';

/** `/nix/store/<hash>-name` → `name`: the hash tells an operator nothing. */
const nameOf = (path: string): string => path.replace(/^\/nix\/store\/[0-9a-z]{32}-/, '');

function WhyChain({ why }: { readonly why: WhyState }) {
  if (why.loading) return <p role="status">Following references to {nameOf(why.path)}…</p>;
  if (why.error !== null) return <ErrorNote text={why.error} title="No chain" />;
  if (!why.why) return null;
  return (
    <div>
      <h3>Why {nameOf(why.path)} is in this closure</h3>
      <ol className="why-chain" aria-label={`Reference chain to ${nameOf(why.path)}`}>
        {why.why.chain.map((p) => (
          <li key={p.path} title={p.path}>
            {nameOf(p.path)} <span className="muted small">({formatBytes(p.narSize)})</span>
          </li>
        ))}
      </ol>
    </div>
  );
}

interface Props {
  readonly host: string;
  readonly state: ClosureWeightState;
  readonly onExplain: (path: string) => void;
  readonly onClose: () => void;
}

export function ClosureWeightsPanel({ host, state, onExplain, onClose }: Props) {
  const r = state.report;
  const heaviest = r?.byUniqueSize ?? [];
  const max = Math.max(1, ...heaviest.map((p) => p.uniqueSize));
  return (
    <section aria-label={`What generation ${state.generation} of ${host} weighs`}>
      <div className="toolbar">
        <h2>What generation {state.generation} weighs</h2>
        <button type="button" onClick={onClose}>
          Close sizes
        </button>
      </div>
      {state.loading ? <p role="status">Reading the closure of generation {state.generation}…</p> : null}
      <ErrorNote text={state.error} title="No sizes" />
      {r ? (
        <>
          <p>
            {r.paths} paths, {formatBytes(r.closureBytes)} in all, read {r.source === 'host' ? `on ${host}` : 'from the offline cache'}
            {r.hostError ? ` (${host} could not be reached: ${r.hostError})` : ''}.
          </p>
          <ol className="weights" aria-label="Heaviest paths, by what each alone adds">
            {heaviest.map((p) => (
              <li key={p.path}>
                <div className="weight-label">
                  <span title={p.path}>{nameOf(p.path)}</span>{' '}
                  <span className="muted small">
                    adds {formatBytes(p.uniqueSize)} alone, {formatBytes(p.narSize)} as a NAR
                  </span>{' '}
                  <button type="button" className="link" onClick={() => onExplain(p.path)}>
                    Why is {nameOf(p.path)} here?
                  </button>
                </div>
                <div className="weight-bar" aria-hidden="true" style={{ width: `${Math.max(0.5, (100 * p.uniqueSize) / max)}%` }} />
              </li>
            ))}
          </ol>
          {state.why ? <WhyChain why={state.why} /> : null}
        </>
      ) : null}
    </section>
  );
}
