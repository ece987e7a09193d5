// A host's generations, newest first, with the current / booted / default
// markers as words, each one's closure size, and per generation: switch to
// it (confirmed in a dialog), its diff with the current one, and what it weighs.
import type { GenerationInfo } from '../../../../shared/schemas';
import { formatBytes, formatTime } from '../../../../shared/format';

export function markers(g: GenerationInfo): string {
  return [g.current ? 'current' : '', g.booted ? 'booted' : '', g.default ? 'default' : ''].filter(Boolean).join(', ');
}

const sizeText = (sizes: Props['sizes'], g: GenerationInfo): string => (sizes ? formatBytes(sizes[g.generation]) : '…');

interface Props {
  readonly host: string;
  readonly generations: readonly GenerationInfo[];
  readonly sizes: Readonly<Record<number, number | null>> | undefined;
  /** No switching while an operation works on this host. */
  readonly busy: boolean;
  readonly onSwitch: (g: GenerationInfo) => void;
  readonly onDiff: (g: GenerationInfo) => void;
  /** Opens what the generation weighs: its heaviest paths and why each is there. */
  readonly onSizes: (g: GenerationInfo) => void;
}

export function GenerationsTable({ host, generations, sizes, busy, onSwitch, onDiff, onSizes }: Props) {
  return (
    <table aria-label={`Generations of ${host}`}>
      <thead>
        <tr>
          <th scope="col">Generation</th>
          <th scope="col">Date</th>
          <th scope="col">Markers</th>
          <th scope="col">NixOS</th>
          <th scope="col">Kernel</th>
          <th scope="col">Closure size</th>
          <th scope="col">System</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {generations.map((g) => (
          <tr key={g.generation} className={g.current ? 'row-current' : undefined}>
            <th scope="row">{g.generation}</th>
            <td>{formatTime(g.date)}</td>
            <td>{markers(g) || '–'}</td>
            <td>{g.nixosVersion ?? '–'}</td>
            <td>{g.kernelVersion ?? '–'}</td>
            <td>
              {g.toplevel ? (
                <button
                  type="button"
                  className="link"
                  aria-label={`What generation ${g.generation} weighs: ${sizeText(sizes, g)}`}
                  onClick={() => onSizes(g)}
                >
                  {sizeText(sizes, g)}
                </button>
              ) : (
                '–'
              )}
            </td>
            <td className="mono small">{g.toplevel ?? '–'}</td>
            <td>
              {g.current && g.default ? (
                <span className="muted">running</span>
              ) : (
                <div className="toolbar">
                  <button
                    type="button"
                    className="danger"
                    aria-label={`Switch to this generation (${g.generation})`}
                    disabled={busy || !g.toplevel}
                    onClick={() => onSwitch(g)}
                  >
                    Switch to this generation
                  </button>
                  <button type="button" disabled={!g.toplevel} onClick={() => onDiff(g)}>
                    Diff generation {g.generation} with current
                  </button>
                </div>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
