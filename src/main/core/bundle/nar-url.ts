// Rule 5 of bundle-format.md on a narinfo's URL: a relative `nar/<name>` with
// no `..`, no `/` beyond the first and no `%`, so it names a file in `nar/` and
// nothing else, however the reader resolves or unescapes it.
import { NAR_DIR } from './bundle-layout';

/** Why `url` is not a safe NAR name, or undefined when it is. */
export function narUrlProblem(url: string): string | undefined {
  const prefix = `${NAR_DIR}/`;
  if (!url.startsWith(prefix)) return `is not a relative name in ${NAR_DIR}/`;
  const name = url.slice(prefix.length);
  if (name === '') return 'names no file';
  if (name.includes('..') || name === '.') return "contains '..'";
  if (name.includes('/')) return `has a '/' beyond the one after ${NAR_DIR}`;
  if (name.includes('%')) return "contains '%'";
  if (name.includes('\\') || name.includes('\0')) return 'contains a backslash or NUL';
  return undefined;
}
