// Operator text (a reason, a host's error, a health check command) inside
// Markdown: it must read as text, never as table structure, HTML or a link.

/** One table cell or list item: pipes, backslashes and HTML escaped, lines joined. */
export function mdText(text: string): string {
  return text
    .replaceAll('\\', '\\\\')
    .replaceAll('|', '\\|')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('[', '\\[')
    .replaceAll(']', '\\]')
    .replace(/\r?\n/g, ' ');
}

/** A code span that holds any text: fenced with more backticks than the longest run inside. */
export function mdCode(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  // Pipes still split a table row inside a code span (GFM), so they are escaped there too.
  return `${fence}${pad}${text.replace(/\r?\n/g, ' ').replaceAll('|', '\\|')}${pad}${fence}`;
}

export function mdTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
