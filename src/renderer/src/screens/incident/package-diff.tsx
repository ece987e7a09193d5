// What going back changes on a host, by package (read from the closures on
// the host, current → target): the changed packages with both versions
// first, then what goes away and what comes back, with the whole list one click away.
import type { PackageDiffView } from '../../../../shared/schemas';
import { formatBytes } from '../../../../shared/format';

type Change = PackageDiffView['changed'][number];

const versions = (v: readonly string[]): string => v.filter(Boolean).join(', ') || '–';
const line = (c: Change): string => `${c.name} ${versions(c.from)} → ${versions(c.to)}`;
const SHOWN = 4;

export function PackageDiff({ host, diff }: { readonly host: string; readonly diff: PackageDiffView | null }) {
  if (diff === null) return <span className="muted">package diff not available</span>;
  const { changed, added, removed } = diff;
  const total = changed.length + added.length + removed.length;
  if (total === 0) return <>no package changes</>;
  return (
    <div>
      <ul className="details" aria-label={`Package changes on ${host}`}>
        {changed.slice(0, SHOWN).map((c) => (
          <li key={c.name}>{line(c)}</li>
        ))}
      </ul>
      <span className="small muted">
        {changed.length > SHOWN ? `and ${changed.length - SHOWN} more changed; ` : ''}
        {removed.length} go away, {added.length} come back; closure {formatBytes(diff.fromBytes)} → {formatBytes(diff.toBytes)}
      </span>
      {total > SHOWN ? (
        <details>
          <summary>All package changes on {host}</summary>
          <ul className="details">
            {changed.map((c) => (
              <li key={`c-${c.name}`}>changed: {line(c)}</li>
            ))}
            {removed.map((c) => (
              <li key={`r-${c.name}`}>
                goes away: {c.name} {versions(c.from)}
              </li>
            ))}
            {added.map((c) => (
              <li key={`a-${c.name}`}>
                comes back: {c.name} {versions(c.to)}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
