// Text from untrusted sources (NAR names, bundle fields, host output) as a
// message or a screen shows it. Messages end up on a terminal or in a log:
// control characters (C0, DEL, C1) can move the cursor or rewrite what was
// printed before, bidirectional overrides and the byte-order mark can make a
// name read as another; all are escaped as \uXXXX. One character set for
// every place that shows such text.

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
// eslint-disable-next-line no-control-regex -- the same set, plus what would end or confuse the quoting
const UNSAFE_IN_QUOTES = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff'\\]/g;

const escapeChar = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
const utf8 = new TextDecoder('utf-8');

/** Untrusted text with every unsafe character escaped. */
export function escapeUntrusted(text: string): string {
  return text.replace(UNSAFE, escapeChar);
}

/** In single quotes, anything unsafe (and the quote and backslash) escaped, cut to `max` characters (with …) when longer. */
export function quoteUntrusted(text: string | Uint8Array, max = Number.POSITIVE_INFINITY): string {
  const raw = typeof text === 'string' ? text : utf8.decode(text);
  const safe = raw.replace(UNSAFE_IN_QUOTES, escapeChar);
  return `'${safe.length > max ? `${safe.slice(0, max)}…` : safe}'`;
}
