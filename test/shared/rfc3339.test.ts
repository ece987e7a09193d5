import { describe, expect, it } from 'vitest';
import { formatRfc3339, parseRfc3339 } from '../../src/shared/rfc3339';

describe('RFC 3339', () => {
  it('parses date-times with any offset and fraction', () => {
    expect(parseRfc3339('2026-11-20T10:00:00Z')).toBe(Date.UTC(2026, 10, 20, 10));
    expect(parseRfc3339('2026-11-20T12:00:00.5+02:00')).toBe(Date.UTC(2026, 10, 20, 10, 0, 0, 500));
    expect(parseRfc3339('2024-02-29t00:00:00z')).toBe(Date.UTC(2024, 1, 29));
  });

  it('refuses what Date.parse would accept or roll over', () => {
    for (const bad of [
      '2026-11-20',
      'Nov 20 2026',
      '2026-02-30T00:00:00Z',
      '2026-01-01T24:00:00Z',
      '2026-01-01T10:00:00',
      '2026-01-01T10:00:00+24:00',
      '',
    ]) {
      expect(parseRfc3339(bad), bad).toBeUndefined();
    }
  });

  it('writes a fixed-width UTC form that sorts as text', () => {
    expect(formatRfc3339(new Date(Date.UTC(2026, 0, 2, 3, 4, 5)))).toBe('2026-01-02T03:04:05.000Z');
  });
});
