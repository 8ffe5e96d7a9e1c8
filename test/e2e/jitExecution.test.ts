import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/startTestGateway.js';

// Two gateways over identical simulators with one pinned clock: one executes with graphql-js
// only (GRAPHQL_JIT_AFTER=0), the other compiles every document with graphql-jit at first
// sight. Every answer, errors included, must be the same byte for byte.
const NOW = Date.parse('2026-11-20T12:00:00Z');
const EXAMPLES = join(process.cwd(), 'graphiql/examples');

function examples(): Array<{ name: string; query: string; variables?: Record<string, unknown> }> {
  return readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => {
      const vars = join(EXAMPLES, f.replace(/\.graphql$/, '.json'));
      return {
        name: f,
        query: readFileSync(join(EXAMPLES, f), 'utf8'),
        variables: existsSync(vars) ? (JSON.parse(readFileSync(vars, 'utf8')) as Record<string, unknown>) : undefined,
      };
    });
}

const SHAPES = /* GraphQL */ `
  query Shapes($withStats: Boolean!, $skipCounts: Boolean = false, $ids: [ID!]!) {
    gateway { __typename demo sources { source configured circuit } }
    ...Costs
    counts: callCounts(range: { start: "2026-11-18T00:00:00Z", end: "2026-11-19T00:00:00Z" }) @skip(if: $skipCounts) {
      total
      points { timestamp end count }
    }
    stats: callStats(projectId: "acme/support-bot", range: { start: "2026-11-18T00:00:00Z", end: "2026-11-18T06:00:00Z" },
                     granularity: 3600, callMetrics: [{ metric: LATENCY_MS, percentiles: [50] }]) @include(if: $withStats) {
      callBuckets(first: 2) { edges { cursor node { start end count metrics { metric percentile value } } } pageInfo { hasNextPage endCursor } }
    }
    ejentoEntities(scope: PROJECT, ids: $ids) {
      ... on EjentoEntity { id name }
      costs(window: { range: { start: "2026-10-01T00:00:00Z", end: "2026-11-01T00:00:00Z" } }, bucket: WEEK) {
        total { amount currency }
        points { start end cost { amount } }
      }
    }
  }
  fragment Costs on Query {
    userCosts(org: "main", userId: "admin@main", range: { start: "2026-11-02T00:00:00Z", end: "2026-11-09T00:00:00Z" }, first: 2) {
      totalCount
      edges { cursor node { username totalCost { amount } } }
    }
  }
`;

/**
 * Each call-counts simulator signs its opaque cursors with its own secret; our cursors wrap
 * them (`c`). Everything else in a cursor (offsets, range, binding) must still match.
 */
function withoutUpstreamCursors(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUpstreamCursors);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => {
      if (!/cursor$/i.test(k) || typeof v !== 'string') return [k, withoutUpstreamCursors(v)];
      const { c: _upstream, ...rest } = JSON.parse(Buffer.from(v, 'base64url').toString('utf8')) as Record<string, unknown>;
      return [k, rest];
    }),
  );
}

describe('graphql-jit execution matches graphql-js', () => {
  let js: TestGateway;
  let jit: TestGateway;
  beforeAll(async () => {
    [js, jit] = await Promise.all([
      startTestGateway({ env: { GRAPHQL_JIT_AFTER: '0' }, now: () => NOW, pinGatewayClock: true }),
      startTestGateway({ env: { GRAPHQL_JIT_AFTER: '1' }, now: () => NOW, pinGatewayClock: true }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([js?.close(), jit?.close()]);
  });

  async function same(query: string, variables?: Record<string, unknown>) {
    const a = await js.query(query, variables);
    const b = await jit.query(query, variables);
    expect(b.status).toBe(a.status);
    expect(withoutUpstreamCursors(b.body)).toEqual(withoutUpstreamCursors(a.body));
    return a;
  }

  it.each(examples().map((e) => [e.name, e] as const))('answers the GraphiQL example %s identically', async (_name, e) => {
    const a = await same(e.query, e.variables);
    expect(a.body.errors).toBeUndefined();
  });

  it('answers fragments, inline fragments, directives, aliases, __typename and edges identically', async () => {
    const a = await same(SHAPES, { withStats: true, ids: ['1', '2'] });
    expect(a.body.data.stats.callBuckets.edges).toHaveLength(2);
    const b = await same(SHAPES, { withStats: false, skipCounts: true, ids: ['3'] });
    expect(b.body.data.stats).toBeUndefined();
    expect(b.body.data.counts).toBeUndefined();
  });

  it('answers the second page of a cursor identically', async () => {
    const q = `query ($after: String) { userCosts(org: "main", userId: "admin@main", range: { start: "2026-11-02T00:00:00Z", end: "2026-11-09T00:00:00Z" }, first: 1, after: $after) { pageInfo { endCursor } nodes { username } } }`;
    const first = await same(q);
    await same(q, { after: first.body.data.userCosts.pageInfo.endCursor });
  });

  it('answers errors identically: a failing source, a resolver BAD_USER_INPUT, a variable that does not coerce', async () => {
    for (const gw of [js, jit]) gw.sims.iblai.setFault({ status: 500, body: { detail: 'db at 10.9.9.9' } });
    try {
      const failing = await same(`{ mentorSummary(org: "main", userId: "admin@main") { totalMentors } gateway { demo } }`);
      expect(failing.body.errors[0].extensions.code).toBe('UPSTREAM_UNAVAILABLE');
    } finally {
      for (const gw of [js, jit]) gw.sims.iblai.setFault(null);
    }
    const badArg = await same(`{ userCosts(org: "../etc", userId: "admin@main", range: { start: "2026-11-02T00:00:00Z", end: "2026-11-09T00:00:00Z" }) { totalCount } }`);
    expect(badArg.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const badVar = await same(`query ($w: EjentoWindow!) { ejentoEntity(scope: PROJECT, id: "1") { costs(window: $w) { totalTokens } } }`, {
      w: { lastDays: 3, range: { start: '2026-11-01T00:00:00Z' } },
    });
    // A variable that does not coerce is a GraphQL request error: 200 with errors as application/json.
    expect(badVar.status).toBe(200);
    expect(badVar.body.data).toBeUndefined();
    expect(badVar.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const badScalar = await same(`query ($r: TimeRange!) { callCounts(range: $r) { total } }`, { r: { start: 'yesterday' } });
    expect(badScalar.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('answers a cost report whose every source fails identically: one error per source at the field', async () => {
    const sims = [js, jit].flatMap((gw) => [gw.sims.iblai, gw.sims.ejento]);
    for (const sim of sims) sim.setFault({ status: 503, body: { detail: 'down' } });
    try {
      const failed = await same(`{ costReport(range: { start: "2026-11-02T00:00:00Z", end: "2026-11-04T00:00:00Z" }, bucket: DAY,
        sources: { iblai: { org: "main", userId: "admin@main" }, ejento: {} }) { total { amount } } }`);
      expect(failed.body.data).toEqual({ costReport: null });
      expect(failed.body.errors.map((e: { extensions: { source: string } }) => e.extensions.source)).toEqual(['IBLAI', 'EJENTO']);
    } finally {
      for (const sim of sims) sim.setFault(null);
    }
  });
});
