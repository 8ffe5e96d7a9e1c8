import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketGrid, bucketStart, nextBucket } from '../../../src/sources/ejento/calendar.js';
import { toEjentoWindow } from '../../../src/sources/ejento/window.js';

const t = (s: string) => Date.parse(s);
const iso = (ms: number) => new Date(ms).toISOString();

describe('ejento calendar', () => {
  it('starts weeks on Monday 00:00 UTC, also from a Sunday and across a year end', () => {
    expect(iso(bucketStart(t('2026-10-04T23:59:59Z'), 'WEEK'))).toBe('2026-09-28T00:00:00.000Z'); // Sunday
    expect(iso(bucketStart(t('2026-10-05T00:00:00Z'), 'WEEK'))).toBe('2026-10-05T00:00:00.000Z'); // Monday
    expect(iso(bucketStart(t('2027-01-01T12:00:00Z'), 'WEEK'))).toBe('2026-12-28T00:00:00.000Z');
  });

  it('starts months on the 1st and handles February and December', () => {
    expect(iso(bucketStart(t('2028-02-29T10:00:00Z'), 'MONTH'))).toBe('2028-02-01T00:00:00.000Z');
    expect(iso(nextBucket(t('2028-02-01T00:00:00Z'), 'MONTH'))).toBe('2028-03-01T00:00:00.000Z');
    expect(iso(nextBucket(t('2026-12-01T00:00:00Z'), 'MONTH'))).toBe('2027-01-01T00:00:00.000Z');
  });

  it('runs from the bucket holding the start to the bucket holding the last instant', () => {
    const grid = bucketGrid({ start: t('2026-10-01T12:00:00Z'), end: t('2026-10-03T00:00:00Z') }, 'DAY');
    expect(grid.map((g) => iso(g.start))).toEqual(['2026-10-01T00:00:00.000Z', '2026-10-02T00:00:00.000Z']);
    const one = bucketGrid({ start: t('2026-10-03T00:00:00Z'), end: t('2026-10-03T00:00:00.001Z') }, 'MONTH');
    expect(one).toEqual([{ start: t('2026-10-01T00:00:00Z'), end: t('2026-11-01T00:00:00Z') }]);
  });

  it('tiles any window without gaps or overlaps, covering it exactly once', () => {
    const ms = fc.integer({ min: t('2020-01-01T00:00:00Z'), max: t('2030-01-01T00:00:00Z') });
    fc.assert(
      fc.property(ms, fc.integer({ min: 1, max: 400 * 86_400_000 }), fc.constantFrom('DAY', 'WEEK', 'MONTH' as const), (start, len, b) => {
        const grid = bucketGrid({ start, end: start + len }, b);
        expect(grid[0]!.start).toBeLessThanOrEqual(start);
        expect(grid.at(-1)!.end).toBeGreaterThanOrEqual(start + len);
        expect(grid.at(-1)!.start).toBeLessThan(start + len);
        for (let i = 1; i < grid.length; i++) expect(grid[i]!.start).toBe(grid[i - 1]!.end);
      }),
      { numRuns: 300 },
    );
  });
});

describe('ejento windows', () => {
  const now = t('2026-11-22T15:30:00Z');

  it('maps lastDays to type=fixed covering [00:00 UTC N days before today, now)', () => {
    expect(toEjentoWindow({ lastDays: 7 }, now)).toEqual({
      key: 'd:7',
      query: { type: 'fixed', days: 7 },
      effective: { start: t('2026-11-15T00:00:00Z'), end: now },
    });
    expect(toEjentoWindow(undefined, now).query).toEqual({ type: 'fixed', days: 30 });
  });

  it('maps a range to type=range with exact datetimes, end defaulting to now', () => {
    const w = toEjentoWindow({ range: { start: t('2026-11-01T08:00:00Z') } }, now);
    expect(w.query).toEqual({ type: 'range', start_date: '2026-11-01T08:00:00Z', end_date: '2026-11-22T15:30:00Z' });
    expect(w.effective).toEqual({ start: t('2026-11-01T08:00:00Z'), end: now });
  });

  it.each([
    [{ lastDays: 1, range: { start: 0 } }, /exactly one/],
    [{}, /exactly one/],
    [{ lastDays: 0 }, /lastDays/],
    [{ lastDays: 3651 }, /lastDays/],
    [{ range: { start: now } }, /after/],
    [{ range: { start: 0, end: now } }, /at most 3650 days/],
  ])('refuses %j with BAD_USER_INPUT', (input, message) => {
    expect(() => toEjentoWindow(input as never, now)).toThrow(message);
    try {
      toEjentoWindow(input as never, now);
    } catch (err) {
      expect((err as { extensions: { code: string } }).extensions.code).toBe('BAD_USER_INPUT');
    }
  });
});
