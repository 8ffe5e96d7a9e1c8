import { createRequire } from 'node:module';
import type * as GraphQLModule from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeOperation, collectEstimators } from '../../src/limits/analyzeOperation.js';
import { buildSchema } from '../../src/schema/buildSchema.js';
import { SOURCES } from '../../src/sources/registry.js';
import { startTestGateway, TEST_API_KEY, type TestGateway } from '../support/startTestGateway.js';

// The schema's own graphql build (see analyzeOperation.ts).
const { parse } = createRequire(import.meta.url)('graphql') as typeof GraphQLModule;
const schema = buildSchema();
const estimators = collectEstimators(SOURCES);
const NOW = Date.parse('2026-11-20T12:00:00Z');
const measure = (q: string, vars: Record<string, unknown> = {}) => {
  const doc = parse(q);
  return analyzeOperation(schema, doc, doc.definitions[0] as never, vars, NOW, estimators);
};

describe('the cost estimate', () => {
  it('prices call-stats buckets from range and granularity, capped at 10,000', () => {
    const q = `query ($r: TimeRange!, $g: Int, $f: Int) { callStats(projectId: "a/b", range: $r, granularity: $g, callMetrics: [{ metric: LATENCY_MS, aggregations: [AVG, MAX], percentiles: [95] }]) {
      callBuckets(first: $f) { edges { node { start metrics { value } } } } } }`;
    const day = { start: '2026-11-01T00:00:00Z', end: '2026-11-02T00:00:00Z' };
    const month = { start: '2026-10-01T00:00:00Z', end: '2026-11-01T00:00:00Z' };
    const small = measure(q, { r: day, g: 3600 }).cost; // 24 buckets × (edge + node + 3 metrics)
    const big = measure(q, { r: month, g: 60, f: 10000 }).cost; // 10,000 buckets (cap)
    expect(small).toBeLessThan(200);
    expect(big).toBeGreaterThanOrEqual(10_000 * 5);
    expect(measure(q, { r: month, g: 1, f: 10000 }).cost).toBe(big); // the upstream's 10,000 cap
  });

  it('prices call-counts series × points (100 per series, up to 128 series)', () => {
    const q = (first: number) => `{ callCountsByLabel(label: ENDPOINTS, first: ${first}) { edges { node { key points { count } } } } }`;
    expect(measure(q(128)).cost).toBeGreaterThanOrEqual(128 * 100);
    expect(measure(q(1)).cost).toBeLessThan(110);
  });

  it('prices Ejento ids × buckets of the window', () => {
    const q = (ids: number, bucket: string, days: number) =>
      `{ ejentoEntities(scope: PROJECT, ids: ${JSON.stringify(Array.from({ length: ids }, (_, i) => String(i + 1)))}) { costs(window: { lastDays: ${days} }, bucket: ${bucket}) { points { cost { amount } } } } }`;
    const daily = measure(q(20, 'DAY', 365)).cost;
    expect(daily).toBeGreaterThan(20 * 365 * 2);
    expect(measure(q(20, 'MONTH', 365)).cost).toBeLessThan(daily / 10);
    expect(measure(q(1, 'DAY', 365)).cost * 20).toBeCloseTo(daily, -2);
  });

  it('counts depth, aliases and root fields through fragments', () => {
    const m = measure(`query { a: mentorSummary(org: "x", userId: "y") { ...F } b: mentorDetail(org: "x", userId: "y") { ... on MentorSummary { totalRatings } } }
      fragment F on MentorSummary { totalMentors }`);
    expect(m).toMatchObject({ depth: 2, aliases: 2, rootFields: 2 });
  });
});

describe('document limits over HTTP', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({
      env: { MAX_DEPTH: '5', MAX_ALIASES: '3', MAX_ROOT_FIELDS: '4', MAX_TOKENS: '300', MAX_QUERY_COST: '5000', MAX_BODY_BYTES: '4096', INTROSPECTION: 'off' },
    });
  });
  afterAll(async () => {
    await gw.close();
  });

  // A refused operation is a GraphQL request error: 200 with errors under application/json,
  // 400 under application/graphql-response+json; never an upstream call.
  const refused = async (query: string, variables?: Record<string, unknown>) => {
    gw.sims.resetLogs();
    const { status, body } = await gw.query(query, variables);
    expect(status).toBe(200);
    expect(body.data).toBeUndefined();
    expect(body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    const strict = await gw.query(query, variables, { accept: 'application/graphql-response+json' });
    expect(strict.status).toBe(400);
    expect(strict.body).toEqual(body);
    expect(gw.sims.iblai.count() + gw.sims.callStats.count() + gw.sims.ejento.count() + gw.sims.callCounts.count()).toBe(0);
    return body.errors[0];
  };

  it('refuses a document deeper than MAX_DEPTH', async () => {
    const e = await refused(`{ userCosts(org: "main", userId: "admin@main", range: { start: "2026-11-01T00:00:00Z" }) { edges { node { sessions { cost { amount } } } } } }`);
    expect(e.extensions).toMatchObject({ depth: 6, limit: 5 });
  });

  it('refuses more aliases than MAX_ALIASES', async () => {
    await refused(`{ a: gateway { demo } b: gateway { demo } c: gateway { demo } d: gateway { demo } }`);
  });

  it('refuses more root fields than MAX_ROOT_FIELDS, counting fragments', async () => {
    await refused(`{ ...R gateway { demo } } fragment R on Query { gateway { version } x: gateway { demo } y: gateway { demo } callCounts { total } }`);
  });

  it('refuses a document over MAX_TOKENS before parsing it', async () => {
    const e = await refused(`{ gateway { demo } ${'x '.repeat(400)} }`);
    expect(e.message).toContain('300 tokens');
  });

  it('refuses an estimated cost over MAX_QUERY_COST and says both numbers', async () => {
    const e = await refused(`{ callCountsByLabel(label: ENDPOINTS, first: 128) { edges { node { points { count } } } } }`);
    expect(e.extensions.cost).toBeGreaterThan(5000);
    expect(e.extensions.limit).toBe(5000);
  });

  it('lets a modest operation through', async () => {
    const { status, body } = await gw.query(`{ callCountsByLabel(label: ENDPOINTS, first: 2) { edges { node { points { count } } } } }`);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
  });

  it('answers deeply nested documents and variables with request errors (200 as JSON, 400 as graphql-response+json), never a 500', async () => {
    const deepDoc = `{ ${'a { '.repeat(140)}b${' }'.repeat(140)} }`;
    const doc = await gw.query(deepDoc);
    expect(doc.status).toBe(200);
    expect(doc.body.data).toBeUndefined();
    expect(['QUERY_TOO_COMPLEX', 'GRAPHQL_VALIDATION_FAILED']).toContain(doc.body.errors[0].extensions.code);
    expect((await gw.query(deepDoc, undefined, { accept: 'application/graphql-response+json' })).status).toBe(400);
    for (const [accept, status] of [['application/json', 200], ['application/graphql-response+json', 400]] as const) {
      const res = await fetch(`${gw.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': TEST_API_KEY, accept },
        body: `{"query":"query ($o: String!) { mentorSummary(org: $o, userId: \\"a\\") { totalMentors } }","variables":{"o":${'['.repeat(1900)}${']'.repeat(1900)}}}`,
      });
      expect(res.status).toBe(status);
      expect(((await res.json()) as any).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    }
  });

  it('answers a body over MAX_BODY_BYTES with HTTP 413', async () => {
    const res = await fetch(`${gw.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': TEST_API_KEY },
      body: JSON.stringify({ query: '{ gateway { demo } }', variables: { pad: 'x'.repeat(5000) } }),
    });
    expect(res.status).toBe(413);
  });

  it('turns introspection off when configured', async () => {
    const { body } = await gw.query('{ __schema { queryType { name } } }');
    expect(body.data).toBeUndefined();
    expect(body.errors[0].message).toMatch(/introspection/i);
  });

  it('suggests no field names in live mode', async () => {
    const { status, body } = await gw.query('{ mentorSumary(org: "main", userId: "admin@main") { totalMentors } }');
    expect(status).toBe(200);
    expect(body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors[0].message).not.toMatch(/did you mean/i);
    expect(body.errors[0].message).not.toContain('mentorSummary');
  });
});
