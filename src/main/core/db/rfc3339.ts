// RFC 3339 timestamps: strict parsing (Date.parse alone accepts far more, e.g.
// "2026-01-01" or "Jan 1 2026", and rolls 2026-02-30 over into March) and the
// one form Airlock writes.
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;

/**
 * Milliseconds since the epoch, or undefined when `text` is not an RFC 3339
 * date-time. Leap seconds (:60) are refused: JavaScript cannot represent them.
 */
export function parseRfc3339(text: string): number | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  if (m[8] !== undefined && (Number(m[8]) > 23 || Number(m[9]) > 59)) return undefined;
  const ms = Date.parse(text.toUpperCase());
  return Number.isNaN(ms) ? undefined : ms;
}

/** The fixed-width UTC form Airlock stores (`2026-11-20T10:00:00.000Z`), so stored times sort as text. */
export function formatRfc3339(date: Date): string {
  return date.toISOString();
}
