import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { type GatewayError } from '../../../src/errors.js';
import {
  DEFAULT_RANGE_MS,
  MAX_TIMESTAMP_SECONDS,
  MIN_TIMESTAMP_SECONDS,
  resolveCallCountsRange,
  toHistoricalSeries,
  toLabelPage,
  toTimeAxis,
  toUpstreamRange,
} from '../../../src/sources/callCounts/mapping.js';

const H = 3_600_000;
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return (err as GatewayError).code;
  }
  return 'no error';
};

describe('call-counts time translation', () => {
  it('sends float epoch seconds with end_timestamp = end − 0.001 s', () => {
    expect(toUpstreamRange({ start: 1_700_000_000_000, end: 1_700_003_600_000 })).toEqual({
      start_timestamp: 1_700_000_000,
      end_timestamp: 1_700_003_599.999,
    });
  });

  it('accepts the exact upstream bounds and refuses anything past them', () => {
    const lo = MIN_TIMESTAMP_SECONDS * 1000;
    const hi = MAX_TIMESTAMP_SECONDS * 1000 + 1; // end_timestamp = hi − 1 ms = the bound
    expect(codeOf(() => toUpstreamRange({ start: lo, end: hi }))).toBe('no error');
    expect(codeOf(() => toUpstreamRange({ start: lo - 1, end: hi }))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => toUpstreamRange({ start: lo, end: hi + 1 }))).toBe('BAD_USER_INPUT');
  });

  it('defaults to the 30 days before now, and end to now', () => {
    const now = 1_795_000_000_000;
    expect(resolveCallCountsRange(null, now)).toEqual({ start: now - DEFAULT_RANGE_MS, end: now });
    expect(resolveCallCountsRange({ start: now - H }, now)).toEqual({ start: now - H, end: now });
    expect(codeOf(() => resolveCallCountsRange({ start: now, end: now }, now))).toBe('BAD_USER_INPUT');
  });
});

describe('call-counts time axis', () => {
  const range = { start: 10 * H, end: 13 * H };
  const asked = toUpstreamRange(range);

  it('reads whole-hour stamps as raw hourly points', () => {
    const axis = toTimeAxis([36_000, 39_600, 43_200], asked, range);
    expect(axis).toEqual({
      aggregated: false,
      bucketSeconds: 3600,
      bounds: [
        { timestamp: 10 * H, end: 11 * H },
        { timestamp: 11 * H, end: 12 * H },
        { timestamp: 12 * H, end: 13 * H },
      ],
    });
    expect(toTimeAxis([], asked, range)).toMatchObject({ aggregated: false, bounds: [] });
  });

  it('recognizes the 100-bucket grid for any range: exact width, chained ends, last end = range end', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 3e12 }), fc.integer({ min: 101 * H, max: 5000 * 24 * H }), (start, span) => {
        const r = { start, end: start + span };
        const a = toUpstreamRange(r);
        const w = (a.end_timestamp - a.start_timestamp) / 100;
        const axis = toTimeAxis(Array.from({ length: 100 }, (_, i) => a.start_timestamp + i * w), a, r);
        expect(axis.aggregated).toBe(true);
        expect(axis.bucketSeconds).toBeCloseTo((span - 1) / 100_000, 5);
        expect(axis.bounds[0]!.timestamp).toBe(start);
        expect(axis.bounds[99]!.end).toBe(r.end);
        for (let i = 0; i < 99; i++) expect(axis.bounds[i]!.end).toBe(axis.bounds[i + 1]!.timestamp);
      }),
      { numRuns: 200 },
    );
  });

  it('marks other bucketing as aggregated with unknown width, never as raw samples', () => {
    const axis = toTimeAxis([36_000, 37_000.5], asked, range);
    expect(axis).toMatchObject({ aggregated: true, bucketSeconds: null });
    expect(axis.bounds[1]).toEqual({ timestamp: 37_000_500, end: 13 * H });
  });

  it('refuses timestamps out of order or counts of another length as UPSTREAM_BAD_RESPONSE', () => {
    expect(codeOf(() => toTimeAxis([39_600, 36_000], asked, range))).toBe('UPSTREAM_BAD_RESPONSE');
    expect(codeOf(() => toHistoricalSeries({ timestamps: [36_000], counts: [1, 2] }, asked, range))).toBe('UPSTREAM_BAD_RESPONSE');
    expect(codeOf(() => toHistoricalSeries({ timestamps: [36_000], counts: ['1'] }, asked, range))).toBe('UPSTREAM_BAD_RESPONSE');
    expect(codeOf(() => toHistoricalSeries(null as never, asked, range))).toBe('UPSTREAM_BAD_RESPONSE');
  });
});

describe('call-counts label pages', () => {
  const range = { start: 10 * H, end: 12 * H };
  const asked = toUpstreamRange(range);
  const body = {
    warnings: ['careful'],
    timestamps: [36_000, 39_600],
    series: [
      { key: 'a@example.com', description: 'A', counts: [1, 2], extra_data: {} },
      { key: 'db-x', description: '', counts: [0, 5], extra_data: { db_id: 'db_1' } },
    ],
    has_next: true,
    next_cursor: 'abc',
  };

  it('puts every series on the shared axis and passes warnings through', () => {
    const page = toLabelPage(body, asked, range);
    expect(page.hasNext).toBe(true);
    expect(page.nextCursor).toBe('abc');
    expect(page.warnings).toEqual(['careful']);
    expect(page.series[0]).toMatchObject({ key: 'a@example.com', description: 'A', dbId: null, total: 3, warnings: ['careful'] });
    expect(page.series[1]).toMatchObject({ description: null, dbId: 'db_1', total: 5 });
    expect(page.series[1]!.points[1]).toEqual({ timestamp: 11 * H, end: 12 * H, count: 5 });
  });

  it('treats has_next without a cursor as the last page', () => {
    expect(toLabelPage({ ...body, next_cursor: null }, asked, range)).toMatchObject({ hasNext: false, nextCursor: null });
  });

  it('refuses a next_cursor too long to carry inside a Relay cursor', () => {
    expect(codeOf(() => toLabelPage({ ...body, next_cursor: 'x'.repeat(1537) }, asked, range))).toBe('UPSTREAM_BAD_RESPONSE');
  });

  it('refuses a series without a key', () => {
    expect(codeOf(() => toLabelPage({ ...body, series: [{ counts: [1, 2] }] }, asked, range))).toBe('UPSTREAM_BAD_RESPONSE');
  });
});
