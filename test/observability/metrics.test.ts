import { register as globalRegistry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricTypes, parsePrometheus, sumOf, valueOf, type Sample } from '../support/prometheus.js';
import { startTestGateway, TEST_API_KEY, type TestGateway } from '../support/startTestGateway.js';

const SOURCES = ['IBLAI', 'CALL_COUNTS', 'CALL_STATS', 'EJENTO'];
const STATUS_CLASSES = ['2xx', '3xx', '4xx', '5xx', 'timeout', 'error'];

/** Ejento, call-counts (with its service login on first use) and iblai in one operation. */
const THREE_SOURCES = /* GraphQL */ `
  query ThreeSources($range: TimeRange!) {
    ejentoOrganization { costs(window: { lastDays: 7 }) { total { amount currency } } }
    callCounts(range: $range) { total }
    userCosts(org: "main", userId: "admin@main", range: $range, first: 5) { totalCount }
  }
`;
const RANGE = { start: '2026-10-01T00:00:00Z', end: '2026-10-03T00:00:00Z' };

async function scrape(url: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string; type: string | null }> {
  const res = await fetch(url, { headers });
  return { status: res.status, text: await res.text(), type: res.headers.get('content-type') };
}

describe('Prometheus metrics at /metrics', () => {
  let gw: TestGateway;
  const samples = async (): Promise<Sample[]> => {
    const r = await scrape(gw.running.metricsUrl);
    expect(r.status).toBe(200);
    return parsePrometheus(r.text);
  };
  const upstream = (s: Sample[], source: string, statusClass: string) => valueOf(s, 'gateway_upstream_requests_total', { source, status_class: statusClass });
  const upstreamTotal = (s: Sample[], source: string) => sumOf(s, 'gateway_upstream_requests_total', { source });

  beforeAll(async () => {
    // A short deadline for the timeout case (every other call answers at once).
    gw = await startTestGateway({ env: { REQUEST_TIMEOUT_MS: '1500' } });
  });
  afterAll(async () => {
    await gw.close();
  });

  it('serves the exposition on the GraphQL port without an API key, in this instance\'s own registry', async () => {
    expect(gw.running.metricsUrl).toBe(`${gw.url}/metrics`);
    const r = await scrape(gw.running.metricsUrl);
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/^text\/plain; version=0\.0\.4/);
    const types = metricTypes(r.text);
    expect(types).toMatchObject({
      gateway_requests_total: 'counter',
      gateway_request_duration_seconds: 'histogram',
      gateway_errors_total: 'counter',
      gateway_upstream_requests_total: 'counter',
      gateway_upstream_duration_seconds: 'histogram',
      gateway_upstream_inflight: 'gauge',
      gateway_circuit_state: 'gauge',
      gateway_single_flight_joins_total: 'counter',
      gateway_rate_limited_total: 'counter',
      gateway_cache_requests_total: 'counter',
      gateway_cache_backend_errors_total: 'counter',
      // Default process metrics, registered on the same registry.
      process_resident_memory_bytes: 'gauge',
      nodejs_eventloop_lag_p99_seconds: 'gauge',
    });
    // The process-wide default registry stays empty: two gateways in one process never mix.
    expect(globalRegistry.getSingleMetric('gateway_requests_total')).toBeUndefined();
    const s = parsePrometheus(r.text);
    for (const source of SOURCES) {
      for (const c of STATUS_CLASSES) expect(s.some((x) => x.name === 'gateway_upstream_requests_total' && x.labels.source === source && x.labels.status_class === c)).toBe(true);
      for (const result of ['hit', 'miss', 'stale', 'bypass']) expect(valueOf(s, 'gateway_cache_requests_total', { source, result })).toBe(0);
      expect(valueOf(s, 'gateway_circuit_state', { source })).toBe(0);
      expect(s.some((x) => x.name === 'gateway_circuit_state' && x.labels.source === source)).toBe(true);
    }
    expect(valueOf(s, 'gateway_cache_backend_errors_total')).toBe(0);
  });

  it('moves the upstream counters by exactly the requests each simulator saw, login included', async () => {
    const before = await samples();
    gw.sims.resetLogs();
    const res = await gw.query(THREE_SOURCES, { range: RANGE });
    expect(res.body.errors).toBeUndefined();
    const after = await samples();
    const seen: Record<string, number> = { IBLAI: gw.sims.iblai.count(), CALL_COUNTS: gw.sims.callCounts.count(), CALL_STATS: gw.sims.callStats.count(), EJENTO: gw.sims.ejento.count() };
    expect(seen.EJENTO).toBeGreaterThan(0);
    expect(seen.IBLAI).toBeGreaterThan(0);
    // The first call-counts query logs in first: two requests, both counted.
    expect(gw.sims.callCounts.count('/login/service/')).toBe(1);
    expect(seen.CALL_COUNTS).toBe(2);
    for (const source of SOURCES) {
      expect(upstream(after, source, '2xx') - upstream(before, source, '2xx'), source).toBe(seen[source]);
      expect(upstreamTotal(after, source) - upstreamTotal(before, source), source).toBe(seen[source]);
      expect(
        valueOf(after, 'gateway_upstream_duration_seconds_count', { source }) - valueOf(before, 'gateway_upstream_duration_seconds_count', { source }),
        source,
      ).toBe(seen[source]);
      expect(valueOf(after, 'gateway_upstream_inflight', { source })).toBe(0);
    }
    expect(valueOf(after, 'gateway_requests_total', { operation_name: 'ThreeSources', status: 'ok' }) - valueOf(before, 'gateway_requests_total', { operation_name: 'ThreeSources', status: 'ok' })).toBe(1);
    expect(valueOf(after, 'gateway_request_duration_seconds_count', { operation_name: 'ThreeSources' })).toBe(1);
  });

  it('counts each retry as a request of its own status class', async () => {
    const before = await samples();
    gw.sims.resetLogs();
    gw.sims.ejento.setFault({ status: 503, body: { detail: 'busy' }, times: 1 });
    const res = await gw.query('{ ejentoOrganization { tokens(window: { lastDays: 3 }) { totalTokens } } }');
    gw.sims.ejento.setFault(null);
    expect(res.body.errors).toBeUndefined();
    expect(gw.sims.ejento.count()).toBe(2);
    const after = await samples();
    expect(upstream(after, 'EJENTO', '5xx') - upstream(before, 'EJENTO', '5xx')).toBe(1);
    expect(upstream(after, 'EJENTO', '2xx') - upstream(before, 'EJENTO', '2xx')).toBe(1);
  });

  it('classes an upstream that does not answer in time as timeout', async () => {
    const before = await samples();
    gw.sims.resetLogs();
    gw.sims.ejento.setFault({ hang: true, times: 1 });
    const res = await gw.query('query Slow { ejentoOrganization { documentCount } }');
    gw.sims.ejento.setFault(null);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_TIMEOUT');
    const after = await samples();
    expect(gw.sims.ejento.count()).toBe(1);
    expect(upstream(after, 'EJENTO', 'timeout') - upstream(before, 'EJENTO', 'timeout')).toBe(1);
    expect(valueOf(after, 'gateway_upstream_inflight', { source: 'EJENTO' })).toBe(0);
    expect(valueOf(after, 'gateway_requests_total', { operation_name: 'Slow', status: 'error' })).toBe(1);
    expect(valueOf(after, 'gateway_errors_total', { code: 'UPSTREAM_TIMEOUT' }) - valueOf(before, 'gateway_errors_total', { code: 'UPSTREAM_TIMEOUT' })).toBe(1);
  }, 30_000);

  it('counts a call that shares an identical request in flight as a join, not as a request', async () => {
    const before = await samples();
    gw.sims.resetLogs();
    // Slow answers keep the first request in flight while the second arrives.
    gw.sims.ejento.setLatency(300);
    const q = '{ ejentoOrganization { votes(window: { lastDays: 9 }) { upvotes } } }';
    const [a, b] = await Promise.all([gw.query(q), gw.query(q)]);
    gw.sims.ejento.setLatency(0);
    expect(a.body).toEqual(b.body);
    expect(gw.sims.ejento.count()).toBe(1);
    const after = await samples();
    expect(upstreamTotal(after, 'EJENTO') - upstreamTotal(before, 'EJENTO')).toBe(1);
    expect(valueOf(after, 'gateway_single_flight_joins_total', { source: 'EJENTO' }) - valueOf(before, 'gateway_single_flight_joins_total', { source: 'EJENTO' })).toBe(1);
  });

  it('labels anonymous operations "anonymous" and marks responses with any error as status "error", by code', async () => {
    const before = await samples();
    expect((await gw.query('{ gateway { demo } }')).body.errors).toBeUndefined();
    const bad = await gw.query('query BadId { ejentoEntity(scope: AGENT, id: "x1") { costs { total { amount } } } }');
    expect(bad.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const unparsable = await gw.query('query Broken { gateway {');
    expect(unparsable.body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    const invalid = await gw.query('query Invalid { gateway { nope } }');
    expect(invalid.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const refused = await gw.query('{ gateway { demo } }', undefined, { 'x-api-key': 'wrong-key-0123456789abcdef' });
    expect(refused.status).toBe(401);
    const after = await samples();
    const delta = (name: string, labels: Record<string, string>) => valueOf(after, name, labels) - valueOf(before, name, labels);
    expect(delta('gateway_requests_total', { operation_name: 'anonymous', status: 'ok' })).toBe(1);
    expect(delta('gateway_requests_total', { operation_name: 'BadId', status: 'error' })).toBe(1);
    expect(delta('gateway_requests_total', { operation_name: 'Invalid', status: 'error' })).toBe(1);
    // A document that does not parse names no operation; neither does a refused request.
    expect(delta('gateway_requests_total', { operation_name: 'anonymous', status: 'error' })).toBe(2);
    expect(delta('gateway_errors_total', { code: 'BAD_USER_INPUT' })).toBe(1);
    expect(delta('gateway_errors_total', { code: 'GRAPHQL_PARSE_FAILED' })).toBe(1);
    expect(delta('gateway_errors_total', { code: 'GRAPHQL_VALIDATION_FAILED' })).toBe(1);
    expect(delta('gateway_errors_total', { code: 'UNAUTHENTICATED' })).toBe(1);
    expect(sumOf(after, 'gateway_request_duration_seconds_count') - sumOf(before, 'gateway_request_duration_seconds_count')).toBe(5);
  });

  it('folds operation names beyond the first 200 distinct ones into "other"', async () => {
    const named = (i: number) => `query Op${i} { gateway { demo } }`;
    // Names seen so far by this gateway count towards the 200.
    const known = new Set((await samples()).filter((s) => s.name === 'gateway_requests_total').map((s) => s.labels.operation_name!));
    known.delete('anonymous');
    const fresh = 200 - known.size;
    for (let i = 0; i < fresh + 5; i += 25) {
      await Promise.all(Array.from({ length: Math.min(25, fresh + 5 - i) }, (_, j) => gw.query(named(i + j))));
    }
    await gw.query(named(0));
    const after = await samples();
    const names = new Set(after.filter((s) => s.name === 'gateway_requests_total').map((s) => s.labels.operation_name));
    expect(names.has('other')).toBe(true);
    names.delete('anonymous');
    names.delete('other');
    expect(names.size).toBe(200);
    expect(valueOf(after, 'gateway_requests_total', { operation_name: 'other', status: 'ok' })).toBe(5);
    // A name seen before the bound keeps its own label.
    expect(valueOf(after, 'gateway_requests_total', { operation_name: 'Op0', status: 'ok' })).toBe(2);
  });
});

describe('/metrics placement and access', () => {
  it('needs a caller credential with METRICS_REQUIRE_KEY=true, exactly as /graphql does', async () => {
    const gw = await startTestGateway({ env: { METRICS_REQUIRE_KEY: 'true' } });
    try {
      const none = await scrape(gw.running.metricsUrl);
      expect(none.status).toBe(401);
      expect(JSON.parse(none.text).errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(none.text).not.toContain('gateway_requests_total');
      expect((await scrape(gw.running.metricsUrl, { 'x-api-key': 'not-the-key-0123456789abcdef' })).status).toBe(401);
      const ok = await scrape(gw.running.metricsUrl, { 'x-api-key': TEST_API_KEY });
      expect(ok.status).toBe(200);
      expect(ok.text).toContain('gateway_requests_total');
      expect((await scrape(gw.running.metricsUrl, { authorization: `Bearer ${TEST_API_KEY}` })).status).toBe(200);
    } finally {
      await gw.close();
    }
  });

  it('serves /metrics only on its own listener when METRICS_PORT is set', async () => {
    const gw = await startTestGateway({ env: { METRICS_PORT: '0' } });
    try {
      expect(gw.running.metricsUrl).not.toBe(`${gw.url}/metrics`);
      expect((await scrape(`${gw.url}/metrics`)).status).toBe(404);
      await gw.query('query OnMain { gateway { demo } }');
      const r = await scrape(gw.running.metricsUrl);
      expect(r.status).toBe(200);
      expect(valueOf(parsePrometheus(r.text), 'gateway_requests_total', { operation_name: 'OnMain', status: 'ok' })).toBe(1);
      // The metrics listener serves nothing else.
      expect((await scrape(gw.running.metricsUrl.replace(/\/metrics$/, '/graphql'))).status).toBe(404);
    } finally {
      await gw.close();
    }
  });

  it('counts requests the gateway refuses with 429', async () => {
    const gw = await startTestGateway({ env: { RATE_LIMIT_RPS: '1', RATE_LIMIT_BURST: '1' } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await gw.query('{ gateway { demo } }')).status);
      const refused = statuses.filter((s) => s === 429).length;
      expect(refused).toBeGreaterThan(0);
      const s = parsePrometheus((await scrape(gw.running.metricsUrl)).text);
      expect(valueOf(s, 'gateway_rate_limited_total')).toBe(refused);
      expect(valueOf(s, 'gateway_errors_total', { code: 'RATE_LIMITED' })).toBe(refused);
    } finally {
      await gw.close();
    }
  });

  it('reports an open circuit as 2 at scrape time', async () => {
    const gw = await startTestGateway({ env: { BREAKER_FAILURES: '1', UPSTREAM_MAX_RETRIES: '0' } });
    try {
      gw.sims.ejento.setFault({ status: 500, body: { detail: 'down' } });
      await gw.query('{ ejentoOrganization { tokens { totalTokens } } }');
      const s = parsePrometheus((await scrape(gw.running.metricsUrl)).text);
      expect(valueOf(s, 'gateway_circuit_state', { source: 'EJENTO' })).toBe(2);
      expect(valueOf(s, 'gateway_circuit_state', { source: 'IBLAI' })).toBe(0);
      expect(valueOf(s, 'gateway_upstream_requests_total', { source: 'EJENTO', status_class: '5xx' })).toBe(gw.sims.ejento.count());
    } finally {
      await gw.close();
    }
  });
});
