// One Nix profile's generations, newest first: number, the store path's name
// (the whole path beside it), the current one marked, who deployed each and
// whether it was confirmed healthy; per generation the system's actions:
// "Roll back" on the current one, "Switch to this generation" on the others.
import type { HostProfileInfo, ProfileGenerationInfo } from '../../../../shared/schemas';

/** A store path's name without its hash: /nix/store/<hash>-ioc-2.1 → ioc-2.1. */
export const storeName = (path: string): string => (path.split('/').pop() ?? path).replace(/^[0-9a-z]{32}-/, '');

function deployedByText(g: ProfileGenerationInfo): string {
  const d = g.deployedBy;
  if (!d) return 'no record';
  return d.bundle ? `${d.operator} (bundle ${d.bundle})` : d.operator;
}

function confirmedText(g: ProfileGenerationInfo): string {
  if (!g.deployedBy) return '–';
  return g.deployedBy.confirmed ? 'confirmed healthy' : 'not confirmed';
}

interface Props {
  readonly info: HostProfileInfo;
  /** No switching while an operation works on this host. */
  readonly busy: boolean;
  readonly onSwitch: (g: ProfileGenerationInfo) => void;
  readonly onRollback: () => void;
}

export function ProfileGenerationsTable({ info, busy, onSwitch, onRollback }: Props) {
  return (
    <table aria-label={`Generations of profile ${info.profile} on ${info.host}`}>
      <thead>
        <tr>
          <th scope="col">Generation</th>
          <th scope="col">Store path</th>
          <th scope="col">Markers</th>
          <th scope="col">Deployed by</th>
          <th scope="col">Confirmed</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {info.generations.map((g) => (
          <tr key={g.generation} className={g.current ? 'row-current' : undefined}>
            <th scope="row">{g.generation}</th>
            <td>
              {storeName(g.toplevel)}
              <div className="mono small muted">{g.toplevel}</div>
            </td>
            <td>{g.current ? 'current' : '–'}</td>
            <td>{deployedByText(g)}</td>
            <td>{confirmedText(g)}</td>
            <td>
              {g.current ? (
                <button
                  type="button"
                  className="danger"
                  aria-label={`Roll back profile ${info.profile} from generation ${g.generation}`}
                  disabled={busy || info.rollbackTo === null}
                  title={info.rollbackTo === null ? 'No deployment record says what ran before: switch to a generation instead' : undefined}
                  onClick={onRollback}
                >
                  {info.rollbackTo === null ? 'Roll back' : `Roll back to generation ${info.rollbackTo}`}
                </button>
              ) : (
                <button
                  type="button"
                  className="danger"
                  aria-label={`Switch profile ${info.profile} to generation ${g.generation}`}
                  disabled={busy}
                  onClick={() => onSwitch(g)}
                >
                  Switch to this generation
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
