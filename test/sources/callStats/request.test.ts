import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../src/errors.js';
import { isIanaTimeZone, mergeKey, mergeRequests, requestKey, toCallStatsRequest, toUpstreamBody, type CallStatsArgs } from '../../../src/sources/callStats/request.js';

const NOW = Date.parse('2026-11-01T00:00:00Z');
const base: CallStatsArgs = {
  projectId: 'acme/support-bot',
  range: { start: Date.parse('2026-10-05T00:00:00Z'), end: Date.parse('2026-10-06T00:00:00Z') },
  callMetrics: [{ metric: 'LATENCY_MS' }],
};

function badInput(args: Partial<CallStatsArgs>): string {
  try {
    toCallStatsRequest({ ...base, ...args }, NOW);
  } catch (err) {
    expect(err).toBeInstanceOf(GatewayError);
    expect((err as GatewayError).code).toBe('BAD_USER_INPUT');
    return (err as Error).message;
  }
  throw new Error('expected BAD_USER_INPUT');
}

describe('call-stats request building', () => {
  it('maps enums to upstream names, defaults aggregations to sum and filter fields to snake_case', () => {
    const r = toCallStatsRequest(
      {
        ...base,
        usageMetrics: [{ metric: 'TOTAL_COST', aggregations: null, percentiles: [99.9, 95] }],
        callMetrics: [{ metric: 'LATENCY_MS', aggregations: ['MAX', 'AVG'] }],
        filter: { opNames: ['b', 'a', 'a'], wbUserIds: null, traceRootsOnly: true, threadIds: ['t'] },
      },
      NOW,
    );
    expect(toUpstreamBody(r)).toEqual({
      project_id: 'acme/support-bot',
      start: '2026-10-05T00:00:00Z',
      end: '2026-10-06T00:00:00Z',
      timezone: 'UTC',
      usage_metrics: [{ metric: 'total_cost', aggregations: ['sum'], percentiles: [95, 99.9] }],
      call_metrics: [{ metric: 'latency_ms', aggregations: ['avg', 'max'], percentiles: [] }],
      filter: { op_names: ['a', 'b'], thread_ids: ['t'], trace_roots_only: true },
    });
  });

  it('resolves an open range end to the request clock and sends granularity only when given', () => {
    const r = toCallStatsRequest({ ...base, range: { start: NOW - 3_600_000 }, granularity: 60 }, NOW);
    expect(r.end).toBe(NOW);
    expect(toUpstreamBody(r).granularity).toBe(60);
    expect(toUpstreamBody(toCallStatsRequest(base, NOW))).not.toHaveProperty('granularity');
  });

  it('gives the same key to the same request written differently', () => {
    const a = toCallStatsRequest({ ...base, callMetrics: [{ metric: 'LATENCY_MS', aggregations: ['MIN', 'SUM'] }, { metric: 'CALL_COUNT' }] }, NOW);
    const b = toCallStatsRequest({ ...base, callMetrics: [{ metric: 'CALL_COUNT' }, { metric: 'LATENCY_MS', aggregations: ['SUM'] }, { metric: 'LATENCY_MS', aggregations: ['MIN'] }] }, NOW);
    expect(requestKey(a)).toBe(requestKey(b));
  });

  it('merges only requests that differ in metrics, into the union of their metrics', () => {
    const a = toCallStatsRequest({ ...base, callMetrics: [{ metric: 'LATENCY_MS', percentiles: [95] }] }, NOW);
    const b = toCallStatsRequest({ ...base, callMetrics: [{ metric: 'LATENCY_MS', aggregations: ['MAX'] }], usageMetrics: [{ metric: 'INPUT_TOKENS' }] }, NOW);
    const tz = toCallStatsRequest({ ...base, timezone: 'Europe/Berlin' }, NOW);
    const filtered = toCallStatsRequest({ ...base, filter: { opNames: ['x'] } }, NOW);
    const coarse = toCallStatsRequest({ ...base, granularity: 86_400 }, NOW);
    expect(mergeKey(a)).toBe(mergeKey(b));
    for (const other of [tz, filtered, coarse]) expect(mergeKey(other)).not.toBe(mergeKey(a));
    const m = mergeRequests([a, b]);
    expect(m.call).toEqual([{ metric: 'latency_ms', aggregations: ['sum', 'max'], percentiles: [95] }]);
    expect(m.usage).toEqual([{ metric: 'input_tokens', aggregations: ['sum'], percentiles: [] }]);
  });

  it.each([
    ['a range over 31 days', { range: { start: NOW - 31 * 86_400_000 - 1, end: NOW } }, /31 days/],
    ['an end before the start', { range: { start: NOW, end: NOW - 1 } }, /after/],
    ['an empty range', { range: { start: NOW, end: NOW } }, /after/],
    ['a zero granularity', { granularity: 0 }, /granularity/],
    ['an unknown timezone', { timezone: 'Mars/Base' }, /IANA/],
    ['a lower-case timezone', { timezone: 'europe/berlin' }, /did you mean "Europe\/Berlin"/],
    ['an offset timezone', { timezone: '+01:00' }, /IANA/],
    ['a percentile above 100', { callMetrics: [{ metric: 'LATENCY_MS', percentiles: [100.01] }] }, /0 to 100/],
    ['a NaN-like percentile', { callMetrics: [{ metric: 'LATENCY_MS', percentiles: [Number.POSITIVE_INFINITY] }] }, /0 to 100/],
    ['no metrics', { callMetrics: [], usageMetrics: null }, /at least one metric/],
    ['a metric asking for nothing', { callMetrics: [{ metric: 'LATENCY_MS', aggregations: [] }] }, /asks for nothing/],
    ['a usage metric among call metrics', { callMetrics: [{ metric: 'TOTAL_COST' }] }, /not a known metric/],
    ['a project without entity', { projectId: 'bot' }, /entity\/project/],
  ])('refuses %s', (_name, args, message) => {
    expect(badInput(args as Partial<CallStatsArgs>)).toMatch(message);
  });

  it('accepts exactly 31 days, percentiles 0 and 100, and IANA names as the tz database spells them', () => {
    expect(() => toCallStatsRequest({ ...base, range: { start: NOW - 31 * 86_400_000, end: NOW } }, NOW)).not.toThrow();
    expect(() => toCallStatsRequest({ ...base, callMetrics: [{ metric: 'LATENCY_MS', percentiles: [0, 100] }] }, NOW)).not.toThrow();
    for (const tz of ['UTC', 'America/New_York', 'America/Argentina/Buenos_Aires', 'Etc/GMT+5', 'Asia/Kolkata']) expect(isIanaTimeZone(tz)).toBe(true);
    for (const tz of ['utc', 'Nowhere/City', 'GMT+5:00', '', 'America/New_York/']) expect(isIanaTimeZone(tz)).toBe(false);
  });
});
