// A host's generations, newest first, with the current / booted / default
// markers as words. Switching and rolling back arrive with the deploy engine.
import type { GenerationInfo } from '../../../../shared/schemas';
import { formatTime } from '../../components/format';

export function markers(g: GenerationInfo): string {
  return [g.current ? 'current' : '', g.booted ? 'booted' : '', g.default ? 'default' : ''].filter(Boolean).join(', ');
}

export function GenerationsTable({ host, generations }: { readonly host: string; readonly generations: readonly GenerationInfo[] }) {
  return (
    <table aria-label={`Generations of ${host}`}>
      <thead>
        <tr>
          <th scope="col">Generation</th>
          <th scope="col">Date</th>
          <th scope="col">Markers</th>
          <th scope="col">NixOS</th>
          <th scope="col">Kernel</th>
          <th scope="col">System</th>
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
            <td className="mono small">{g.toplevel ?? '–'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
