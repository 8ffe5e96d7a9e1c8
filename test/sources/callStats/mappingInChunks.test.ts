import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../../../src/errors.js';
import { toCallStatsResult, toCallStatsResultInChunks } from '../../../src/sources/callStats/mapping.js';

const START = Date.parse('2026-10-01T00:00:00Z');
const asked = { start: START, end: START + 9_900 * 300_000, timezone: 'UTC' };

/** A call-stats body of `n` call buckets at 300 s, four cells each (like the biggest dashboards). */
function bigBody(n: number) {
  const call_buckets = Array.from({ length: n }, (_, i) => ({
    timestamp: new Date(START + i * 300_000).toISOString(),
    count: i % 50,
    avg_latency_ms: 120.5 + (i % 7),
    max_latency_ms: 900 + (i % 13),
    p95_latency_ms: 400 + (i % 11),
    sum_call_count: i % 50,
  }));
  return { granularity: 300, start: new Date(asked.start).toISOString(), end: new Date(asked.end).toISOString(), call_buckets, usage_buckets: [] };
}

describe('call-stats mapping of a big answer', () => {
  it('lets a timer set at its start fire before the mapping of 9,900 buckets ends', async () => {
    const body = bigBody(9_900);
    let timerFiredAt: number | null = null;
    let mapped = 0;
    const order: string[] = [];
    setImmediate(() => {
      timerFiredAt = Date.now();
      order.push('timer');
    });
    const result = await toCallStatsResultInChunks(body, asked).then((r) => {
      order.push('mapped');
      mapped = r.callBuckets.length;
      return r;
    });
    expect(timerFiredAt).not.toBeNull();
    expect(order).toEqual(['timer', 'mapped']);
    expect(mapped).toBe(9_900);
    // Same answer as the one-go mapping.
    expect(result).toEqual(toCallStatsResult(body, asked));
  });

  it('stops between chunks once the caller has gone', async () => {
    const caller = new AbortController();
    const pending = toCallStatsResultInChunks(bigBody(9_900), asked, { signal: caller.signal });
    caller.abort(new Error('the caller disconnected'));
    await expect(pending).rejects.toThrow('the caller disconnected');
  });

  it('stops between chunks once the deadline has passed, with the error the source chose', async () => {
    const late = () => new UpstreamError('UPSTREAM_TIMEOUT', 'CALL_STATS', 'too late');
    await expect(toCallStatsResultInChunks(bigBody(9_900), asked, { deadline: Date.now() - 1, late })).rejects.toThrow('too late');
  });

  it('maps a small answer in one go, with no turn of the event loop', async () => {
    const order: string[] = [];
    setImmediate(() => order.push('timer'));
    await toCallStatsResultInChunks(bigBody(100), asked).then(() => order.push('mapped'));
    expect(order[0]).toBe('mapped');
  });
});
