// Text from untrusted media (NAR names, bundle fields) as a message shows it.
// Messages end up on a terminal or in a log: control characters (C0, DEL, C1)
// can move the cursor or rewrite what was printed before, and bidirectional
// overrides can make a name read as another, so they are escaped as \uXXXX,
// with the quote and the backslash, so the quoting stays unambiguous.

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_IN_MESSAGE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069'\\]/g;

/** In single quotes, anything unsafe escaped, cut to `max` characters (with …) when longer. */
export function quoteUntrusted(text: string | Buffer, max = Number.POSITIVE_INFINITY): string {
  const raw = typeof text === 'string' ? text : text.toString('utf8');
  const safe = raw.replace(UNSAFE_IN_MESSAGE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `'${safe.length > max ? `${safe.slice(0, max)}…` : safe}'`;
}
