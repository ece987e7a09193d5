// The timestamps of a manifest: RFC 3339 in UTC (`Z`), checked strictly
// (Date.parse alone accepts "2026-01-01", "Jan 1 2026", and rolls 2026-02-30
// over into March).
const UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?Z$/;

/** Milliseconds since the epoch, or undefined when `text` is not an RFC 3339 UTC time. Leap seconds (:60) are refused: JavaScript cannot hold them. */
export function parseUtcTime(text: string): number | undefined {
  const m = UTC.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12) return undefined;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The form Airlock writes: whole seconds, `Z` (`2026-11-20T10:00:00Z`). */
export function formatUtcTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}
