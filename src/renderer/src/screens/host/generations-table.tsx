// A host's generations, newest first, with the current / booted / default
// markers as words, each one's closure size, and per generation: switch to
// it (confirmed in a dialog), its diff with the current one, what it weighs,
// and its bad mark (made or taken back through a confirmation).
import type { BadMarkView, GenerationInfo } from '../../../../shared/schemas';
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
  /** The host's bad marks; a mark names the system, so a reused number is not shown as bad. */
  readonly badMarks: readonly BadMarkView[];
  readonly onMark: (g: GenerationInfo, kind: 'mark' | 'unmark') => void;
}

const markOf = (marks: readonly BadMarkView[], g: GenerationInfo): BadMarkView | undefined =>
  marks.find((m) => m.generation === g.generation && (g.toplevel === null || m.toplevel === g.toplevel));

function markText(g: GenerationInfo, mark: BadMarkView | undefined): string {
  const flags = markers(g);
  if (!mark) return flags || '–';
  const bad = `marked bad${mark.reason ? ` (${mark.reason})` : ''}`;
  return flags ? `${flags}; ${bad}` : bad;
}

export function GenerationsTable({ host, generations, sizes, busy, onSwitch, onDiff, onSizes, badMarks, onMark }: Props) {
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
        {generations.map((g) => {
          const mark = markOf(badMarks, g);
          return (
            <tr key={g.generation} className={g.current ? 'row-current' : undefined}>
              <th scope="row">{g.generation}</th>
              <td>{formatTime(g.date)}</td>
              <td>{markText(g, mark)}</td>
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
                <div className="toolbar">
                  {g.current && g.default ? (
                    <span className="muted">running</span>
                  ) : (
                    <>
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
                    </>
                  )}
                  {mark ? (
                    <button type="button" onClick={() => onMark(g, 'unmark')}>
                      Unmark generation {g.generation}
                    </button>
                  ) : (
                    <button type="button" disabled={!g.toplevel} onClick={() => onMark(g, 'mark')}>
                      Mark generation {g.generation} bad
                    </button>
                  )}
                </div>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
