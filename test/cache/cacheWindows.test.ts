import { describe, expect, it } from 'vitest';
import { freshnessOf } from '../../src/cache/freshnessPolicy.js';
import { DEFAULT_CACHE } from '../../src/config/cacheConfig.js';
import { SOURCES } from '../../src/sources/registry.js';
import type { UpstreamRequest } from '../../src/sources/http.js';

// Each source tells the cache which time its upstream request covers.
const windowOf = (name: string, req: Partial<UpstreamRequest>) => {
  const d = SOURCES.find((s) => s.name === name)!;
  return d.cacheWindow(({ method: 'GET', path: 'x', deadline: 0, ...req }) as UpstreamRequest);
};
const at = (s: string) => Date.parse(s);

describe('cache windows of the upstream requests', () => {
  it('iblai: start_date and end_date are whole days, both included; the mentor calls have none', () => {
    expect(windowOf('IBLAI', { query: { start_date: '2026-11-02', end_date: '2026-11-08', limit: 10 } })).toEqual({ start: at('2026-11-02T00:00:00Z'), end: at('2026-11-09T00:00:00Z') });
    expect(windowOf('IBLAI', { path: 'api/ai-analytics/orgs/main/users/a/mentor-summary/' })).toBeNull();
  });

  it('call-counts: epoch seconds, the end inclusive to the millisecond', () => {
    expect(windowOf('CALL_COUNTS', { query: { start_timestamp: at('2026-11-01T00:00:00Z') / 1000, end_timestamp: (at('2026-11-02T00:00:00Z') - 1) / 1000 } })).toEqual({
      start: at('2026-11-01T00:00:00Z'),
      end: at('2026-11-02T00:00:00Z'),
    });
  });

  it('call-stats: the body start and end', () => {
    expect(windowOf('CALL_STATS', { method: 'POST', body: { project_id: 'a/b', start: '2026-11-01T00:00:00Z', end: '2026-11-01T06:00:00Z' } })).toEqual({ start: at('2026-11-01T00:00:00Z'), end: at('2026-11-01T06:00:00Z') });
  });

  it('Ejento: type=range start and end; fixed days and calls without a window are live', () => {
    expect(windowOf('EJENTO', { query: { type: 'range', start_date: '2026-11-01T00:00:00Z', end_date: '2026-11-08T00:00:00Z' } })).toEqual({ start: at('2026-11-01T00:00:00Z'), end: at('2026-11-08T00:00:00Z') });
    expect(windowOf('EJENTO', { query: { type: 'fixed', days: 30 } })).toBeNull();
    expect(windowOf('EJENTO', {})).toBeNull();
  });
});

describe('freshness', () => {
  const now = at('2026-11-20T12:00:00Z');
  it('is settled once the window ended CACHE_SETTLE_S ago, live otherwise', () => {
    expect(freshnessOf({ start: 0, end: now - 3_600_000 }, now, DEFAULT_CACHE)).toEqual({ settled: true, ttlMs: 3_600_000, staleMs: 0 });
    expect(freshnessOf({ start: 0, end: now - 3_599_999 }, now, DEFAULT_CACHE)).toEqual({ settled: false, ttlMs: 15_000, staleMs: 60_000 });
    expect(freshnessOf(null, now, DEFAULT_CACHE)).toEqual({ settled: false, ttlMs: 15_000, staleMs: 60_000 });
  });
});
