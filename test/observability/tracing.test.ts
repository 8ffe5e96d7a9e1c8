import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SimRequest } from '../../src/simulators/startSimulatorServer.js';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../support/otlpReceiver.js';
import { startTestGateway, TEST_API_KEY, type TestGateway } from '../support/startTestGateway.js';

const SERVER = 2;
const CLIENT = 3;
const INTERNAL = 1;

const TWO_SOURCES = /* GraphQL */ `
  query TwoSources($range: TimeRange!) {
    ejentoOrganization { costs(window: { lastDays: 7 }) { total { amount currency } } }
    userCosts(org: "main", userId: "admin@main", range: $range, first: 5) { totalCount }
  }
`;
const RANGE = { start: '2026-10-01T00:00:00Z', end: '2026-10-03T00:00:00Z' };
const OTLP_SECRET = 'otlp-ingest-secret-42';

const newTraceparent = () => {
  const traceId = randomBytes(16).toString('hex');
  const parentId = randomBytes(8).toString('hex');
  return { traceId, parentId, header: `00-${traceId}-${parentId}-01` };
};
const traceparentOf = (r: SimRequest) => String(r.headers.traceparent ?? '');

describe('OpenTelemetry tracing over OTLP/HTTP', () => {
  let receiver: OtlpReceiver;
  let gw: TestGateway | null = null;
  beforeEach(async () => {
    receiver = await startOtlpReceiver();
  });
  afterEach(async () => {
    await gw?.close();
    gw = null;
    await receiver.close();
  });
  const start = (env: Record<string, string> = {}) =>
    startTestGateway({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_HEADERS: `authorization=Bearer%20${OTLP_SECRET}`, ...env } });
  /** Closes the gateway: its close() flushes every span to the receiver. */
  const flushed = async (): Promise<ReceivedSpan[]> => {
    await gw!.close();
    gw = null;
    return receiver.spans();
  };

  it('exports SERVER → parse/validate/execute → one CLIENT per upstream request over http/json, continuing the caller\'s trace', async () => {
    gw = await start({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' });
    const caller = newTraceparent();
    gw.sims.resetLogs();
    const res = await gw.query(TWO_SOURCES, { range: RANGE }, { traceparent: caller.header });
    expect(res.body.errors).toBeUndefined();
    const upstreamRequests = [...gw.sims.ejento.requests, ...gw.sims.iblai.requests];
    const ejentoRequests = gw.sims.ejento.count();
    const simUrls = [gw.sims.ejento.url, gw.sims.iblai.url];
    const logs = gw.logs;
    const spans = await flushed();
    // The exporter's headers are credentials: never logged.
    expect(logs.some((l) => l.includes('OpenTelemetry tracing is on'))).toBe(true);
    expect(logs.join('')).not.toContain(OTLP_SECRET);

    expect(receiver.exports.length).toBeGreaterThan(0);
    for (const e of receiver.exports) {
      expect(e.path).toBe('/v1/traces');
      expect(e.headers['content-type']).toMatch(/^application\/json/);
      expect(e.headers.authorization).toBe(`Bearer ${OTLP_SECRET}`);
    }
    const servers = spans.filter((s) => s.kind === SERVER);
    expect(servers).toHaveLength(1);
    const server = servers[0]!;
    expect(server.traceId).toBe(caller.traceId);
    expect(server.parentSpanId).toBe(caller.parentId);
    expect(server.name).toBe('query TwoSources');
    expect(server.attributes).toMatchObject({ 'graphql.operation.name': 'TwoSources', 'graphql.operation.type': 'query', 'http.response.status_code': 200 });
    expect(server.attributes['gateway.error_code']).toBeUndefined();
    expect(server.resource['service.name']).toBe('analytics-gateway');

    const children = (parent: ReceivedSpan) => spans.filter((s) => s.parentSpanId === parent.spanId);
    const byName = (name: string) => spans.filter((s) => s.name === name);
    expect(children(server).map((s) => s.name).sort()).toEqual(['graphql.execute', 'graphql.parse', 'graphql.validate']);
    for (const name of ['graphql.parse', 'graphql.validate', 'graphql.execute']) expect(byName(name)[0]!.kind).toBe(INTERNAL);
    const execute = byName('graphql.execute')[0]!;

    const clients = spans.filter((s) => s.kind === CLIENT);
    expect(clients.length).toBe(upstreamRequests.length);
    expect(clients.every((c) => c.parentSpanId === execute.spanId && c.traceId === caller.traceId)).toBe(true);
    expect(clients.filter((c) => c.attributes['gateway.source'] === 'EJENTO')).toHaveLength(ejentoRequests);
    const ejento = clients.find((c) => c.attributes['gateway.source'] === 'EJENTO')!;
    expect(ejento.attributes).toEqual({ 'gateway.source': 'EJENTO', 'http.request.method': 'GET', 'url.template': '/api/v2/analytics/costs', 'http.response.status_code': 200 });
    expect(ejento.name).toBe('GET /api/v2/analytics/costs');
    const iblai = clients.find((c) => c.attributes['gateway.source'] === 'IBLAI')!;
    expect(iblai.attributes['url.template']).toBe('/api/ai-analytics/orgs/{org}/users/{userId}/costs/peruser/');

    // Every upstream request carried the traceparent of its own CLIENT span.
    const sent = upstreamRequests.map(traceparentOf);
    expect(sent.every((t) => t.startsWith(`00-${caller.traceId}-`) && t.endsWith('-01'))).toBe(true);
    expect(sent.map((t) => t.split('-')[2]).sort()).toEqual(clients.map((c) => c.spanId).sort());

    // No host, full URL, query string or credential in any span.
    const text = JSON.stringify(spans.map(({ resource: _r, ...s }) => s));
    for (const leak of [...simUrls, '127.0.0.1', 'localhost', '?', 'start_date', 'admin@main', TEST_API_KEY, OTLP_SECRET]) expect(text).not.toContain(leak);
  });

  it('exports http/protobuf by default, with OTEL_SERVICE_NAME as the service', async () => {
    gw = await start({ OTEL_SERVICE_NAME: 'billing-gateway' });
    const res = await gw.query(TWO_SOURCES, { range: RANGE });
    expect(res.body.errors).toBeUndefined();
    const upstream = gw.sims.ejento.count() + gw.sims.iblai.count();
    const spans = await flushed();
    expect(receiver.exports.every((e) => e.headers['content-type'] === 'application/x-protobuf')).toBe(true);
    expect(spans.filter((s) => s.kind === SERVER)).toHaveLength(1);
    const server = spans.find((s) => s.kind === SERVER)!;
    // No caller trace: a new one, which the upstream requests continue.
    expect(server.parentSpanId).toBe('');
    expect(server.resource['service.name']).toBe('billing-gateway');
    const clients = spans.filter((s) => s.kind === CLIENT);
    expect(clients).toHaveLength(upstream);
    expect(new Set(spans.map((s) => s.traceId))).toEqual(new Set([server.traceId]));
    const execute = spans.find((s) => s.name === 'graphql.execute')!;
    expect(execute.parentSpanId).toBe(server.spanId);
    expect(clients.every((c) => c.parentSpanId === execute.spanId)).toBe(true);
    expect(clients.map((c) => c.attributes['url.template']).sort()).toEqual(['/api/ai-analytics/orgs/{org}/users/{userId}/costs/peruser/', '/api/v2/analytics/costs']);
  });

  it('marks a failed request\'s SERVER span with the error code', async () => {
    gw = await start();
    await gw.query('query BadId { ejentoEntity(scope: AGENT, id: "x1") { costs { total { amount } } } }');
    const spans = await flushed();
    const server = spans.find((s) => s.kind === SERVER)!;
    expect(server.attributes).toMatchObject({ 'gateway.error_code': 'BAD_USER_INPUT', 'graphql.operation.name': 'BadId' });
    expect(server.statusCode).toBe(2);
  });

  it('keeps trace headers out of the single-flight key and links the joiner to the shared CLIENT span', async () => {
    gw = await start();
    gw.sims.resetLogs();
    gw.sims.ejento.setLatency(300);
    const q = '{ ejentoOrganization { votes(window: { lastDays: 11 }) { upvotes } } }';
    const [a, b] = [newTraceparent(), newTraceparent()];
    await Promise.all([gw.query(q, undefined, { traceparent: a.header }), gw.query(q, undefined, { traceparent: b.header })]);
    gw.sims.ejento.setLatency(0);
    // Two callers with different trace context still share one upstream request.
    expect(gw.sims.ejento.count()).toBe(1);
    const spans = await flushed();
    const clients = spans.filter((s) => s.kind === CLIENT);
    expect(clients).toHaveLength(1);
    const owner = clients[0]!;
    const joinerTrace = owner.traceId === a.traceId ? b.traceId : a.traceId;
    const joinerExecute = spans.find((s) => s.name === 'graphql.execute' && s.traceId === joinerTrace)!;
    expect(joinerExecute.events.map((e) => e.name)).toContain('gateway.single_flight.joined');
    expect(joinerExecute.links).toEqual([
      { traceId: owner.traceId, spanId: owner.spanId, attributes: { 'gateway.source': 'EJENTO', 'url.template': '/api/v2/analytics/votes', 'gateway.link': 'single_flight_owner' } },
    ]);
  });

  it('gives a call-counts login the triggering request\'s trace', async () => {
    gw = await start();
    await gw.query('{ callCounts(range: { start: "2026-10-01T00:00:00Z", end: "2026-10-02T00:00:00Z" }) { total } }');
    const seen = gw.sims.callCounts.requests;
    const spans = await flushed();
    const clients = spans.filter((s) => s.kind === CLIENT);
    expect(clients.map((c) => c.attributes['url.template']).sort()).toEqual(['/call-counts/historical/', '/login/service/']);
    expect(seen.map(traceparentOf).every((t) => t.includes(clients[0]!.traceId))).toBe(true);
  });

  it('sends no trace header and exports nothing when no endpoint is set', async () => {
    gw = await startTestGateway();
    gw.sims.resetLogs();
    await gw.query(TWO_SOURCES, { range: RANGE }, { traceparent: newTraceparent().header });
    expect(gw.sims.ejento.requests.length + gw.sims.iblai.requests.length).toBeGreaterThan(0);
    expect([...gw.sims.ejento.requests, ...gw.sims.iblai.requests].some((r) => 'traceparent' in r.headers)).toBe(false);
    await gw.close();
    gw = null;
    expect(receiver.exports).toHaveLength(0);
  });
});
