import { describe, expect, it } from 'vitest';
import { parseMetricKey, percentileKey, toCallStatsResult, toMetricValues } from '../../../src/sources/callStats/mapping.js';

/**
 * The call-stats contract: metric keys are prefix style, "percentile written as an integer when whole";
 * otherwise the number as the backend writes it. A Python backend (the W&B Weave trace server)
 * writes small floats in exponent form (repr(0.00001) == "1e-05").
 */
describe('call-stats contract: percentile keys', () => {
  const asked = { start: Date.parse('2026-10-05T00:00:00Z'), end: Date.parse('2026-10-05T01:00:00Z'), timezone: 'UTC' };

  it('reads a percentile key written in exponent form as the percentile asked for', () => {
    expect(parseMetricKey('p1e-05_latency_ms')).toBe(percentileKey(0.00001, 'latency_ms'));
    expect(parseMetricKey('p5E-06_total_cost')).toBe(percentileKey(0.000005, 'total_cost'));
    // Plain and whole forms still work.
    expect(parseMetricKey('p99.9_output_tokens')).toBe(percentileKey(99.9, 'output_tokens'));
    expect(parseMetricKey('p95_latency_ms')).toBe(percentileKey(95, 'latency_ms'));
  });

  it('serves the value of such a cell instead of null', () => {
    const result = toCallStatsResult(
      {
        start: '2026-10-05T00:00:00Z', end: '2026-10-05T01:00:00Z', granularity: 3600, timezone: 'UTC', usage_buckets: [],
        call_buckets: [{ timestamp: '2026-10-05T00:00:00+00:00', count: 3, 'p1e-05_latency_ms': 12, p50_latency_ms: 40 }],
      },
      asked,
    );
    const values = toMetricValues([{ metric: 'latency_ms', aggregations: [], percentiles: [0.00001, 50] }], result.callBuckets[0]!.cells);
    expect(values.map((v) => [v.percentile, v.value])).toEqual([[0.00001, 12], [50, 40]]);
  });
});
