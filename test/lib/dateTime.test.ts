import { describe, expect, it } from 'vitest';
import { formatDateTime, parseDateTime } from '../../src/lib/dateTime.js';

// The native reference: toISOString without `.000`.
const reference = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

describe('dateTime fast paths agree with the native Date', () => {
  it('formats and parses instants across days, months, leap days, years 0000-9999 and milliseconds', () => {
    const instants: number[] = [];
    // A bucket-like run over midnight and a month end, plus scattered instants (deterministic LCG).
    for (let t = Date.UTC(2026, 10, 30, 23, 0); t < Date.UTC(2026, 11, 1, 1, 0); t += 300_000) instants.push(t);
    let x = 12345;
    for (let i = 0; i < 5000; i++) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      instants.push(Date.UTC(0, 0, 1) + Math.floor((x / 2 ** 31) * (Date.UTC(9999, 11, 31) - Date.UTC(0, 0, 1))));
    }
    instants.push(Date.UTC(2024, 1, 29, 12, 34, 56), Date.UTC(2000, 1, 29), Date.UTC(1970, 0, 1), -1, Date.UTC(9999, 11, 31, 23, 59, 59, 999));
    for (const ms of instants) {
      const text = formatDateTime(ms);
      expect(text).toBe(reference(ms));
      expect(parseDateTime(text)).toBe(ms);
    }
  });

  it('rejects canonical-looking text that is not a valid instant, whichever path reads it', () => {
    for (const bad of [
      '2026-02-29T00:00:00Z', // not a leap year
      '2026-13-01T00:00:00Z',
      '2026-04-31T00:00:00Z',
      '2026-11-01T24:00:00Z',
      '2026-11-01T23:60:00Z',
      '2026-11-01T23:59:60Z',
      '2026-11-01T1:30:000Z',
      '2026-11-01T0/:00:00Z', // '/' is one below '0'
      '2026-11-01T0::00:00Z',
      '2026-11-01T00:00:0aZ',
      '2026-11-0xT00:00:00Z',
      '2026-11-01 00:00:00Z',
      '2026-11-01T00:00:00z ',
    ]) {
      expect(parseDateTime(bad), bad).toBeUndefined();
    }
    // The day prefix the fast path remembers is not reused for a different, invalid day.
    expect(parseDateTime('2024-02-29T10:00:00Z')).toBe(Date.UTC(2024, 1, 29, 10));
    expect(parseDateTime('2025-02-29T10:00:00Z')).toBeUndefined();
    // Lower-case t and z, fractions and offsets take the general path and still parse.
    expect(parseDateTime('2026-11-01t10:00:00z')).toBe(Date.UTC(2026, 10, 1, 10));
    expect(parseDateTime('2026-11-01T10:00:00.25Z')).toBe(Date.UTC(2026, 10, 1, 10, 0, 0, 250));
    expect(parseDateTime('2026-11-01T12:00:00+02:00')).toBe(Date.UTC(2026, 10, 1, 10));
  });

  it('formats instants outside 0000-9999 and fractional milliseconds like before', () => {
    expect(formatDateTime(Date.UTC(10000, 0, 1))).toBe('10000-01-01T00:00:00Z');
    expect(formatDateTime(Date.UTC(2026, 0, 1) + 0.5)).toBe('2026-01-01T00:00:00Z');
  });
});
