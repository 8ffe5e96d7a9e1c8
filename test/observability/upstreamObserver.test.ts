import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { createObservability } from '../../src/observability/createObservability.js';
import type { RequestTally } from '../../src/observability/RequestObservation.js';
import type { UpstreamRequest } from '../../src/sources/http.js';
import { loadConfig } from '../../src/config/loadConfig.js';
import { parsePrometheus, valueOf } from '../support/prometheus.js';

// The upstream cache (built separately) reports through the same observer as the HTTP layer.
describe('the cache side of the upstream observer', () => {
  it('counts cache results by source, tallies hits and stale answers for the access line, and counts backend errors', async () => {
    const observability = createObservability(loadConfig({}), createLogger('silent'));
    const observer = observability.upstreamObserver('EJENTO');
    const tally: RequestTally = { upstreamCalls: 0, cacheHits: 0 };
    const req: UpstreamRequest = { method: 'GET', path: 'api/v2/analytics/costs', template: 'api/v2/analytics/costs', deadline: Date.now() + 1000, scope: { logger: createLogger('silent'), forwarded: {}, tally } };
    for (const result of ['hit', 'hit', 'stale', 'miss', 'bypass'] as const) observer.cached(req, result);
    observer.cacheBackendError();
    const s = parsePrometheus(await observability.metrics.render());
    expect(valueOf(s, 'gateway_cache_requests_total', { source: 'EJENTO', result: 'hit' })).toBe(2);
    expect(valueOf(s, 'gateway_cache_requests_total', { source: 'EJENTO', result: 'stale' })).toBe(1);
    expect(valueOf(s, 'gateway_cache_requests_total', { source: 'EJENTO', result: 'miss' })).toBe(1);
    expect(valueOf(s, 'gateway_cache_requests_total', { source: 'EJENTO', result: 'bypass' })).toBe(1);
    expect(valueOf(s, 'gateway_cache_backend_errors_total')).toBe(1);
    expect(tally).toEqual({ upstreamCalls: 0, cacheHits: 3 });
    // Cache answers are not upstream requests.
    expect(valueOf(s, 'gateway_upstream_requests_total', { source: 'EJENTO', status_class: '2xx' })).toBe(0);
    await observability.close();
  });
});
