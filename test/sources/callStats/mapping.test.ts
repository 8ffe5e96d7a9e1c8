import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../../../src/errors.js';
import { parseMetricKey, parseTimestamp, toCallStatsResult, toMetricValues } from '../../../src/sources/callStats/mapping.js';

const asked = { start: Date.parse('2026-10-05T00:00:00Z'), end: Date.parse('2026-10-05T02:00:00Z'), timezone: 'UTC' };

describe('call-stats mapping', () => {
  it('splits prefix keys by matching the known metric names as suffixes', () => {
    expect(parseMetricKey('sum_input_tokens')).toBe('sum_input_tokens');
    expect(parseMetricKey('count_call_count')).toBe('count_call_count');
    expect(parseMetricKey('p95_latency_ms')).toBe('p95_latency_ms');
    expect(parseMetricKey('p99.9_output_tokens')).toBe('p99.9_output_tokens');
    expect(parseMetricKey('p95.0_latency_ms')).toBe('p95_latency_ms');
    expect(parseMetricKey('median_latency_ms')).toBeUndefined();
    expect(parseMetricKey('sum_unknown_metric')).toBeUndefined();
    expect(parseMetricKey('p101_latency_ms')).toBeUndefined();
  });

  it('reads timestamps in UTC, with an offset, or naive as UTC', () => {
    const t = Date.parse('2026-10-05T01:00:00Z');
    expect(parseTimestamp('2026-10-05T01:00:00Z')).toBe(t);
    expect(parseTimestamp('2026-10-04T21:00:00-04:00')).toBe(t);
    expect(parseTimestamp('2026-10-05T01:00:00')).toBe(t);
    expect(parseTimestamp('2026-10-05T01:00:00.000000')).toBe(t);
    expect(parseTimestamp('yesterday')).toBeUndefined();
  });

  it("ends each bucket one granularity after its start, the response's granularity winning", () => {
    const r = toCallStatsResult(
      { granularity: 1800, call_buckets: [{ timestamp: '2026-10-05T00:00:00Z', count: 3, sum_latency_ms: 12 }], usage_buckets: [] },
      asked,
    );
    expect(r.callBuckets[0]).toMatchObject({ start: asked.start, end: asked.start + 1_800_000, count: 3 });
    expect(r.start).toBe(asked.start);
    expect(r.timezone).toBe('UTC');
  });

  it('keeps null as unknown and exposes costs as exact decimals (not for COUNT)', () => {
    const cells = new Map<string, number | null>([
      ['sum_total_cost', 0.30000000000000004],
      ['count_total_cost', 4],
      ['min_total_cost', null],
      ['p99.9_total_cost', 1e-7],
    ]);
    const values = toMetricValues([{ metric: 'total_cost', aggregations: ['sum', 'min', 'count'], percentiles: [99.9] }], cells);
    expect(values).toEqual([
      { metric: 'TOTAL_COST', aggregation: 'SUM', percentile: null, value: 0.30000000000000004, amount: '0.30000000000000004' },
      { metric: 'TOTAL_COST', aggregation: 'MIN', percentile: null, value: null, amount: null },
      { metric: 'TOTAL_COST', aggregation: 'COUNT', percentile: null, value: 4, amount: null },
      { metric: 'TOTAL_COST', aggregation: null, percentile: 99.9, value: 1e-7, amount: '0.0000001' },
    ]);
  });

  it.each([
    ['a missing granularity', { call_buckets: [] }],
    ['a bucket without timestamp', { granularity: 60, call_buckets: [{ count: 1 }] }],
    ['a string metric value', { granularity: 60, call_buckets: [{ timestamp: '2026-10-05T00:00:00Z', sum_latency_ms: '12' }] }],
    ['a usage bucket without model', { granularity: 60, usage_buckets: [{ timestamp: '2026-10-05T00:00:00Z', count: 0 }] }],
    ['a list that is not a list', { granularity: 60, call_buckets: {} }],
  ])('refuses %s as UPSTREAM_BAD_RESPONSE', (_name, body) => {
    expect(() => toCallStatsResult(body, asked)).toThrow(UpstreamError);
    try {
      toCallStatsResult(body, asked);
    } catch (err) {
      expect((err as UpstreamError).extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', source: 'CALL_STATS' });
    }
  });
});
