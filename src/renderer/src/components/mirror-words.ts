// Where a host's bytes came from when the deploy named a site mirror, in the
// command line's words: pulled from the mirror (and how much), or why it could
// not be, with the laptop pushing instead (`--mirror-fallback push`). A host
// that could not reach the mirror without that fallback failed: its reason says
// why.
import type { HostOutcomeView } from '../../../shared/schemas';
import { formatBytes } from '../../../shared/format';

export function mirrorWords(o: HostOutcomeView): string | null {
  const m = o.mirror;
  if (!m) return null;
  const where = `mirror ${m.name} (${m.url})`;
  const fetched = m.pathsFetched ? `${m.pathsFetched} paths (${formatBytes(m.bytesFetched)})` : '';
  if (m.problem !== null)
    return `Pushed from this laptop, as the mirror would not do: ${m.problem}${fetched ? ` (${fetched} had come from ${where} first)` : ''}`;
  return fetched ? `Pulled ${fetched} from ${where}; nothing from this laptop.` : `Had every path already; nothing fetched from ${where}.`;
}
