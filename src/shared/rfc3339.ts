// RFC 3339 timestamps, the one parser and the one form Airlock writes, for the
// engine (database rows, bundle manifests) and the faces alike. Strict:
// Date.parse alone accepts far more (e.g. "2026-01-01" or "Jan 1 2026") and
// rolls 2026-02-30 over into March.
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})([Tt])(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(?:([Zz])|[+-](\d{2}):(\d{2}))$/;

export interface ParseOptions {
  /** Only `…T…Z` (a manifest's times are UTC by the bundle format). */
  readonly utcOnly?: boolean;
}

/**
 * Milliseconds since the epoch, or undefined when `text` is not an RFC 3339
 * date-time. Leap seconds (:60) are refused: JavaScript cannot represent them.
 */
export function parseRfc3339(text: string, options: ParseOptions = {}): number | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  if (options.utcOnly && (m[4] !== 'T' || m[9] !== 'Z')) return undefined;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 5, 6, 7].map((i) => Number(m[i])) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12) return undefined;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) return undefined;
  if (m[10] !== undefined && (Number(m[10]) > 23 || Number(m[11]) > 59)) return undefined;
  const ms = Date.parse(text.toUpperCase());
  return Number.isNaN(ms) ? undefined : ms;
}

/** The fixed-width UTC form Airlock writes (`2026-11-20T10:00:00.000Z`), so stored times sort as text. */
export function formatRfc3339(date: Date): string {
  return date.toISOString();
}

/** A bundle manifest's times: UTC only. */
export const UTC_ONLY: ParseOptions = { utcOnly: true };
