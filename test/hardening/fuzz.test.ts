import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/startTestGateway.js';

/**
 * Property tests through real HTTP: no input, however odd, yields HTTP 500, an
 * INTERNAL_SERVER_ERROR, a crash or an unhandled rejection (vitest fails the run on those).
 * Runs are bounded (numRuns) and seeded by fast-check's report on failure.
 */
const RUNS = 120;
const STABLE = new Set([
  'BAD_USER_INPUT', 'NOT_FOUND', 'UPSTREAM_REJECTED', 'UPSTREAM_BAD_RESPONSE', 'UPSTREAM_UNAVAILABLE', 'UPSTREAM_TIMEOUT',
  'RATE_LIMITED', 'QUERY_TOO_COMPLEX', 'FORBIDDEN', 'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'BAD_REQUEST',
]);

// Strings biased toward the interesting: dates, offsets, separators, unicode, control characters.
const oddString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', '..', '%2F', '\u0000', '9999-12-31T23:59:59Z', '0000-01-01T00:00:00Z', '2026-02-30T00:00:00Z', '2026-11-01T00:00:00+25:00',
    '2026-11-01T24:00:00Z', '2026-11-01T00:00:00.123456789Z', '2026-11-01', '1e308', 'NaN', '-0', 'null', '{"a":1}', 'x'.repeat(5000)),
  fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }).map((d) => d.toISOString()),
);
const jsonish = fc.oneof(oddString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.jsonValue({ maxDepth: 2 }));
const cursorish = fc.oneof(
  oddString,
  fc.jsonValue({ maxDepth: 3 }).map((v) => Buffer.from(JSON.stringify(v)).toString('base64')),
  fc.jsonValue({ maxDepth: 3 }).map((v) => Buffer.from(JSON.stringify(v)).toString('base64url')),
  fc.record({ f: fc.string(), b: fc.string(), i: fc.integer(), s: fc.double(), e: fc.double() }).map((v) => Buffer.from(JSON.stringify(v)).toString('base64')),
);
const intish = fc.oneof(fc.integer(), fc.integer({ min: -2, max: 200 }), fc.constantFrom(2 ** 31 - 1, -(2 ** 31), 0, 10_001, 2 ** 53));
// Mostly plausible ranges (so calls reach the upstreams and the mapping), some hostile ones.
const T0 = Date.parse('2026-10-01T00:00:00Z');
const plausibleRange = fc
  .tuple(
    fc.integer({ min: -400 * 24, max: 60 * 24 }),
    fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 31 * 24 }) }, { weight: 1, arbitrary: fc.integer({ min: -48, max: 45 * 24 }) }),
    fc.constantFrom('Z', '+02:00', '-05:30', '.500Z'),
  )
  .map(([h, len, tz]) => {
    const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', tz === '.500Z' ? '.500Z' : tz === 'Z' ? 'Z' : '.000Z');
    return { start: iso(T0 + h * 3_600_000), end: iso(T0 + (h + len) * 3_600_000) };
  });
/** Usually absent or a sensible value, sometimes anything. */
const mostly = <T, U>(sensible: fc.Arbitrary<T>, any: fc.Arbitrary<U>) =>
  fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 2, arbitrary: sensible }, { weight: 1, arbitrary: any });
const rangeish = fc.oneof(
  { weight: 3, arbitrary: plausibleRange },
  { weight: 1, arbitrary: fc.record({ start: jsonish, end: fc.option(jsonish, { nil: undefined }) }, { requiredKeys: [] }) },
);

describe('fuzzing the public API over HTTP', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ env: { REQUEST_TIMEOUT_MS: '2000' } });
  });
  afterAll(async () => {
    await gw.close();
  });

  async function neverBreaks(query: string, variables: Record<string, unknown>) {
    const { status, body } = await gw.query(query, variables);
    expect([200, 400]).toContain(status);
    for (const e of body?.errors ?? []) {
      expect(STABLE, `${e.extensions?.code}: ${e.message}`).toContain(e.extensions?.code);
    }
    return body;
  }

  it('iblai: any org, userId, range, first and cursor', async () => {
    gw.sims.iblai.resetLog();
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constant('main'), oddString), fc.oneof(fc.constant('admin@main'), oddString), rangeish, mostly(fc.integer({ min: 0, max: 100 }), intish), mostly(fc.constant(undefined), cursorish), async (org, userId, range, first, after) => {
        await neverBreaks(
          `query ($o: String!, $u: String!, $r: TimeRange!, $f: Int, $a: String) { userCosts(org: $o, userId: $u, range: $r, first: $f, after: $a) { totalCount effectiveRange { start end } edges { cursor node { username totalCost { amount } } } } }`,
          { o: org, u: userId, r: range, f: first, a: after },
        );
      }),
      { numRuns: RUNS },
    );
    // Some inputs got through validation to the upstream: the property exercised more than the parser.
    expect(gw.sims.iblai.count()).toBeGreaterThan(0);
  });

  it('call-counts: any label page, range, cursor, scenario path arguments', async () => {
    await fc.assert(
      fc.asyncProperty(rangeish, fc.option(intish, { nil: undefined }), fc.option(cursorish, { nil: undefined }), oddString, oddString, async (range, first, after, recoType, name) => {
        await neverBreaks(
          `query ($r: TimeRange, $f: Int, $a: String, $t: String!, $n: String!) {
             callCountsByLabel(label: ENDPOINTS, range: $r, first: $f, after: $a) { edges { node { key total } } pageInfo { endCursor } }
             scenarioCallCounts(recoType: $t, name: $n, range: $r) { total points { timestamp count } } }`,
          { r: range, f: first, a: after, t: recoType, n: name },
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('call-stats: any range, granularity, timezone, metric inputs and bucket paging', async () => {
    gw.sims.callStats.resetLog();
    const agg = fc.constantFrom('SUM', 'AVG', 'MIN', 'MAX', 'COUNT');
    const metric = (names: string[]) =>
      fc.record({ metric: fc.constantFrom(...names), aggregations: fc.option(fc.array(agg, { maxLength: 6 }), { nil: undefined }), percentiles: mostly(fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 3 }), fc.array(fc.oneof(fc.double({ noNaN: true }), fc.integer()), { maxLength: 4 })) }, { requiredKeys: ['metric'] });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof({ weight: 3, arbitrary: fc.constant('acme/support-bot') }, { weight: 1, arbitrary: oddString }),
        rangeish,
        mostly(fc.constantFrom(300, 3600, 86400), intish),
        mostly(fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata'), oddString),
        fc.array(metric(['INPUT_TOKENS', 'OUTPUT_TOKENS', 'TOTAL_TOKENS', 'INPUT_COST', 'OUTPUT_COST', 'TOTAL_COST']), { maxLength: 3 }),
        fc.array(metric(['LATENCY_MS', 'CALL_COUNT', 'ERROR_COUNT']), { minLength: 1, maxLength: 3 }),
        mostly(fc.integer({ min: 0, max: 50 }), intish),
        mostly(fc.constant(undefined), cursorish),
        async (projectId, range, granularity, timezone, usageMetrics, callMetrics, first, after) => {
          await neverBreaks(
            `query ($p: String!, $r: TimeRange!, $g: Int, $tz: String, $u: [UsageMetricInput!], $c: [CallMetricInput!], $f: Int, $a: String) {
               callStats(projectId: $p, range: $r, granularity: $g, timezone: $tz, usageMetrics: $u, callMetrics: $c) {
                 granularity
                 callBuckets(first: $f, after: $a) { edges { node { start count metrics { metric value } } } }
                 usageBuckets(first: $f, after: $a) { edges { node { model metrics { value amount } } } } } }`,
            { p: projectId, r: range, g: granularity, tz: timezone, u: usageMetrics, c: callMetrics, f: first, a: after },
          );
        },
      ),
      { numRuns: RUNS },
    );
    expect(gw.sims.callStats.count()).toBeGreaterThan(0);
  });

  it('Ejento: any ids, windows (including both or neither one-of member), buckets and limits', async () => {
    const windowish = fc.oneof(
      fc.constant(undefined),
      fc.record({ lastDays: intish }),
      fc.record({ range: rangeish }),
      fc.record({ lastDays: intish, range: rangeish }),
      fc.constant({}),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.integer({ min: -5, max: 50 }).map(String), oddString), { maxLength: 6 }),
        windowish,
        fc.constantFrom('DAY', 'WEEK', 'MONTH'),
        fc.option(intish, { nil: undefined }),
        async (ids, window, bucket, limit) => {
          await neverBreaks(
            `query ($ids: [ID!]!, $w: EjentoWindow, $b: EjentoBucket, $l: Int) {
               ejentoEntities(scope: AGENT, ids: $ids) { id costs(window: $w, bucket: $b) { total { amount } points { start cost { amount } } } summary(window: $w) { totalQueries } }
               ejentoOrganization { topEntities(scope: PROJECT, window: $w, limit: $l) { id } votes(window: $w, bucket: $b) { upvotes } } }`,
            { ids, w: window, b: bucket, l: limit },
          );
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('scalars in document literals and as variables of the wrong type', async () => {
    await fc.assert(
      fc.asyncProperty(jsonish, fc.string({ maxLength: 30 }), async (value, literal) => {
        await neverBreaks(`query ($r: TimeRange!) { userCosts(org: "main", userId: "admin@main", range: $r, first: 1) { totalCount } }`, { r: value });
        await neverBreaks(`{ userCosts(org: "main", userId: "admin@main", range: { start: ${JSON.stringify(literal)} }, first: 1) { totalCount } }`, {});
      }),
      { numRuns: RUNS },
    );
  });
});
