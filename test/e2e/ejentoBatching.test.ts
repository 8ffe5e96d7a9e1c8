import Big from 'big.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS, eventsBetween, usdString5 } from '../../src/simulators/eventLog.js';
import { EJENTO_DEMO_CONFIG, startEjentoSimulator } from '../../src/simulators/ejento.js';
import type { SimulatorServer } from '../../src/simulators/startSimulatorServer.js';
import { startTestGateway, type TestGateway } from '../support/startTestGateway.js';

const SIM_NOW = Date.parse('2026-10-20T12:00:00Z');
const RANGE = { start: '2026-10-01T00:00:00Z', end: '2026-10-15T00:00:00Z' };
const ids = (n: number, from = 1) => Array.from({ length: n }, (_, i) => String(from + i));

/** Expected cost of a user over RANGE, from the shared demo world. */
function userCost(id: number): string {
  const e8 = eventsBetween(Date.parse(RANGE.start), Date.parse(RANGE.end), SIM_NOW)
    .filter((e) => e.user.id === id)
    .reduce((n, e) => n + e.costE8, 0);
  return usdString5(e8);
}

const ENTITIES = /* GraphQL */ `
  query ($ids: [ID!]!, $w: EjentoWindow) {
    ejentoEntities(scope: USER, ids: $ids) { id name costs(window: $w) { total { amount } } }
  }
`;

describe('ejento batching', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ now: () => SIM_NOW });
  });
  afterAll(async () => {
    await gw.close();
  });

  it('fetches 20 ids in ONE request with repeated user_id and a limit covering all of them', async () => {
    gw.sims.ejento.resetLog();
    const { body } = await gw.query(ENTITIES, { ids: ids(20), w: { range: RANGE } });
    expect(body.errors).toBeUndefined();
    expect(gw.sims.ejento.count('/users/costs')).toBe(1);
    const q = gw.sims.ejento.requests.find((r) => r.path.endsWith('/users/costs'))!.url.searchParams;
    expect(q.getAll('user_id')).toEqual(ids(20));
    expect(Number(q.get('limit'))).toBeGreaterThanOrEqual(20);
    // Names come from the cost rows themselves: no second request.
    expect(gw.sims.ejento.requests).toHaveLength(1);
    const users = body.data.ejentoEntities;
    expect(users.map((u: any) => u.id)).toEqual(ids(20));
    expect(users.map((u: any) => u.name)).toEqual(DEMO_USERS.slice(0, 20).map((u) => u.username));
    // Without the raised limit, Ejento's default top-10 would have dropped half of them.
    expect(users.map((u: any) => u.costs.total.amount)).toEqual(ids(20).map((id) => userCost(Number(id))));
  });

  it('batches 20 aliased ejentoEntity fields into ONE request per metric', async () => {
    gw.sims.ejento.resetLog();
    const fields = ids(20)
      .map((id) => `u${id}: ejentoEntity(scope: USER, id: "${id}") { costs(window: $w) { total { amount } } votes(window: $w) { upvotes } }`)
      .join('\n');
    const { body } = await gw.query(`query ($w: EjentoWindow) { ${fields} }`, { w: { range: RANGE } });
    expect(body.errors).toBeUndefined();
    expect(gw.sims.ejento.count('/users/costs')).toBe(1);
    expect(gw.sims.ejento.count('/users/votes')).toBe(1);
    expect(gw.sims.ejento.requests).toHaveLength(2);
    expect(body.data.u7.costs.total.amount).toBe(userCost(7));
  });

  it('reads names from metric rows, and asks `recent` only for entities without one', async () => {
    gw.sims.ejento.resetLog();
    const alone = await gw.query(`{ ejentoEntity(scope: TEAM, id: "3") { name } }`);
    expect(alone.body.data.ejentoEntity.name).toBe('Research');
    expect(gw.sims.ejento.requests.map((r) => r.path)).toEqual(['/api/v2/analytics/teams/recent']);

    gw.sims.ejento.resetLog();
    gw.sims.ejento.setFault({ status: 503, pathIncludes: '/teams/votes' });
    try {
      const { body } = await gw.query(`{ ejentoEntities(scope: TEAM, ids: ["1", "2"]) { name votes { upvotes } } }`);
      // The votes call failed (503, retried once), yet names still arrive, via `recent`.
      expect(body.data.ejentoEntities).toEqual([{ name: 'Support', votes: null }, { name: 'Sales', votes: null }]);
      expect(gw.sims.ejento.count('/teams/recent')).toBe(1);
    } finally {
      gw.sims.ejento.setFault(null);
    }
  });

  it('names list items from the list metrics: null without a row, `recent` only when no metric answered', async () => {
    const LIST = `{ ejentoEntities(scope: USER, ids: ["3", "900", "901"]) { id name costs { totalTokens } votes { upvotes } } }`;
    gw.sims.ejento.resetLog();
    const both = await gw.query(LIST);
    expect(both.body.errors).toBeUndefined();
    expect(both.body.data.ejentoEntities.map((e: any) => [e.id, e.name, e.costs.totalTokens, e.votes.upvotes])).toEqual([
      ['3', DEMO_USERS[2]!.username, expect.any(Number), expect.any(Number)],
      ['900', null, 0, 0],
      ['901', null, 0, 0],
    ]);
    expect(gw.sims.ejento.requests.map((r) => r.path).sort()).toEqual(['/api/v2/analytics/users/costs', '/api/v2/analytics/users/votes']);

    // One metric failed, the other answered without a row: still no name to ask for.
    gw.sims.ejento.resetLog();
    gw.sims.ejento.setFault({ status: 503, pathIncludes: '/users/votes' });
    try {
      const { body } = await gw.query(LIST);
      expect(body.data.ejentoEntities.map((e: any) => [e.id, e.name, e.votes])).toEqual([
        ['3', DEMO_USERS[2]!.username, null],
        ['900', null, null],
        ['901', null, null],
      ]);
      expect(gw.sims.ejento.count('/users/recent')).toBe(0);
    } finally {
      gw.sims.ejento.setFault(null);
    }

    // Another field asking only the name of an entity of the list reads it off the list's rows.
    gw.sims.ejento.resetLog();
    const other = await gw.query(`{ list: ejentoEntities(scope: USER, ids: ["3", "4"]) { costs { totalTokens } } one: ejentoEntity(scope: USER, id: "4") { name } }`);
    expect(other.body.errors).toBeUndefined();
    expect(other.body.data.one.name).toBe(DEMO_USERS[3]!.username);
    expect(gw.sims.ejento.requests.map((r) => r.path)).toEqual(['/api/v2/analytics/users/costs']);

    // The only metric failed: the names come from `recent`, one request for both ids.
    gw.sims.ejento.resetLog();
    gw.sims.ejento.setFault({ status: 503, pathIncludes: '/users/costs' });
    try {
      const { body } = await gw.query(`{ ejentoEntities(scope: USER, ids: ["3", "900"]) { id name costs { totalTokens } } }`);
      expect(body.data.ejentoEntities).toEqual([{ id: '3', name: DEMO_USERS[2]!.username, costs: null }, { id: '900', name: null, costs: null }]);
      expect(gw.sims.ejento.count('/users/recent')).toBe(1);
    } finally {
      gw.sims.ejento.setFault(null);
    }
  });

  it('makes identical calls once and keeps different windows and buckets apart', async () => {
    gw.sims.ejento.resetLog();
    const { body } = await gw.query(/* GraphQL */ `{
      a: ejentoEntity(scope: USER, id: "1") { x: costs { key } y: costs { key } w: costs(window: {lastDays: 7}) { key } b: costs(bucket: WEEK) { key } }
      b: ejentoEntity(scope: USER, id: "1") { costs { key } }
      c: ejentoEntity(scope: USER, id: "2") { costs { key } }
      d: ejentoEntity(scope: PROJECT, id: "1") { costs { key } }
    }`);
    expect(body.errors).toBeUndefined();
    const users = gw.sims.ejento.requests.filter((r) => r.path.endsWith('/users/costs')).map((r) => r.url.searchParams);
    expect(users).toHaveLength(3); // 30 days; 7 days; 30 days by week
    expect(users.find((q) => q.get('days') === '30' && !q.get('time_series'))!.getAll('user_id')).toEqual(['1', '2']);
    expect(users.find((q) => q.get('days') === '7')!.getAll('user_id')).toEqual(['1']);
    expect(users.find((q) => q.get('bucket_type') === 'week')!.getAll('user_id')).toEqual(['1']);
    expect(gw.sims.ejento.count('/projects/costs')).toBe(1);
  });
});

describe('ejento lists fetch their metric fields up front', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ now: () => SIM_NOW });
  });
  afterAll(async () => {
    await gw.close();
  });
  const FIELDS = 'id name costs { key total { amount } totalTokens } tokens { totalTokens } queryCount { total } votes { upvotes downvotes }';

  it('answers a list exactly as the same entities asked one by one, with one call per metric', async () => {
    gw.sims.ejento.resetLog();
    const list = await gw.query(`{ ejentoEntities(scope: AGENT, ids: ["1", "2", "3"]) { ${FIELDS} } }`);
    expect(list.body.errors).toBeUndefined();
    expect(gw.sims.ejento.requests.map((r) => r.path).sort()).toEqual(
      ['/api/v2/analytics/agents/costs', '/api/v2/analytics/agents/query-count', '/api/v2/analytics/agents/tokens', '/api/v2/analytics/agents/votes'],
    );
    const single = await gw.query(`{ ${['1', '2', '3'].map((id) => `e${id}: ejentoEntity(scope: AGENT, id: "${id}") { ${FIELDS} }`).join(' ')} }`);
    expect(single.body.errors).toBeUndefined();
    expect(list.body.data.ejentoEntities).toEqual([single.body.data.e1, single.body.data.e2, single.body.data.e3]);
    expect(list.body.data.ejentoEntities[0].name).toEqual(expect.any(String));
  });

  it('fails only the field whose metric call failed, on every item of a list', async () => {
    gw.sims.ejento.resetLog();
    gw.sims.ejento.setFault({ status: 503, pathIncludes: '/agents/tokens' });
    try {
      const { body } = await gw.query(`{ ejentoEntities(scope: AGENT, ids: ["1", "2", "3"]) { id name costs { totalTokens } tokens { totalTokens } votes { upvotes } } }`);
      const items = body.data.ejentoEntities;
      expect(items.map((e: { tokens: unknown }) => e.tokens)).toEqual([null, null, null]);
      expect(items.every((e: { name: unknown; costs: { totalTokens: unknown }; votes: { upvotes: unknown } }) => typeof e.name === 'string' && typeof e.costs.totalTokens === 'number' && typeof e.votes.upvotes === 'number')).toBe(true);
      expect(body.errors.map((e: { path: unknown[] }) => e.path)).toEqual([['ejentoEntities', 0, 'tokens'], ['ejentoEntities', 1, 'tokens'], ['ejentoEntities', 2, 'tokens']]);
      expect(body.errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual(['UPSTREAM_UNAVAILABLE', 'UPSTREAM_UNAVAILABLE', 'UPSTREAM_UNAVAILABLE']);
    } finally {
      gw.sims.ejento.setFault(null);
    }
  });

  it('fetches nothing for a field under @include(if: false), and keeps fields with a window to their own call', async () => {
    gw.sims.ejento.resetLog();
    const { body } = await gw.query(`{ ejentoEntities(scope: AGENT, ids: ["1", "2"]) { id costs @include(if: false) { key } week: costs(window: { lastDays: 7 }) { key } ... on EjentoEntity { votes { upvotes } } } }`);
    expect(body.errors).toBeUndefined();
    const costs = gw.sims.ejento.requests.filter((r) => r.path.endsWith('/agents/costs')).map((r) => r.url.searchParams.get('days'));
    expect(costs).toEqual(['7']);
    expect(gw.sims.ejento.count('/agents/votes')).toBe(1);
    expect(body.data.ejentoEntities[1]).toEqual({ id: '2', week: { key: expect.any(String) }, votes: { upvotes: expect.any(Number) } });
  });
});

describe('ejento batching with a maximum batch size', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ now: () => SIM_NOW, sources: (sims) => ({ ejento: { ...sims.sourcesConfig.ejento!, maxBatchSize: 50 } }) });
  });
  afterAll(async () => {
    await gw.close();
  });

  it('splits 120 ids into 3 requests of at most 50, each with its limit raised', async () => {
    gw.sims.ejento.resetLog();
    const { body } = await gw.query(ENTITIES, { ids: ids(120), w: { range: RANGE } });
    expect(body.errors).toBeUndefined();
    const calls = gw.sims.ejento.requests.filter((r) => r.path.endsWith('/users/costs')).map((r) => r.url.searchParams);
    expect(calls).toHaveLength(3);
    expect(calls.map((q) => q.getAll('user_id').length).sort()).toEqual([20, 50, 50]);
    for (const q of calls) expect(Number(q.get('limit'))).toBeGreaterThanOrEqual(q.getAll('user_id').length);
    expect(calls.flatMap((q) => q.getAll('user_id')).sort()).toEqual(ids(120).sort());
    const users = body.data.ejentoEntities;
    expect(users).toHaveLength(120);
    // Ids beyond the demo's 25 users have no row: zero and a null name, not an error.
    expect(users[99]).toEqual({ id: '100', name: null, costs: { total: { amount: '0.00000' } } });
    expect(users[24].costs.total.amount).toBe(userCost(25));
    // The cost calls answered for every id, so names need no further request.
    expect(gw.sims.ejento.requests).toHaveLength(3);
  });
});

describe('ejento tolerated variations', () => {
  let sim: SimulatorServer;
  let gw: TestGateway;
  let plain: TestGateway;
  beforeAll(async () => {
    sim = await startEjentoSimulator({ now: () => SIM_NOW, omitIds: true, nestTimeSeries: true, costAsNumber: true });
    gw = await startTestGateway({ now: () => SIM_NOW, sources: () => ({ ejento: { baseUrl: sim.url, ...EJENTO_DEMO_CONFIG } }) });
    plain = await startTestGateway({ now: () => SIM_NOW });
  });
  afterAll(async () => {
    await gw.close();
    await plain.close();
    await sim.close();
  });

  const Q = /* GraphQL */ `
    query ($w: EjentoWindow) {
      ejentoEntities(scope: PROJECT, ids: ["1", "2", "3"]) {
        id name
        costs(window: $w, bucket: WEEK) { total { amount } points { start cost { amount } } }
        summary(window: $w) { totalQueries }
      }
    }
  `;

  it('falls back to one request per id when rows carry no ids, with the same answers', async () => {
    sim.resetLog();
    const got = await gw.query(Q, { w: { range: RANGE } });
    const want = await plain.query(Q, { w: { range: RANGE } });
    expect(got.body.errors).toBeUndefined();
    expect(want.body.errors).toBeUndefined();
    const costs = sim.requests.filter((r) => r.path.endsWith('/projects/costs')).map((r) => r.url.searchParams.getAll('project_id'));
    expect(costs).toHaveLength(4);
    expect(costs[0]).toEqual(['1', '2', '3']);
    expect(costs.slice(1).sort()).toEqual([['1'], ['2'], ['3']]);
    expect(sim.count('/projects/summary')).toBe(4);
    expect(sim.count('/projects/recent')).toBe(0); // names came with the cost rows
    // Nested time series and numeric total_cost were accepted; the amounts agree numerically.
    const g = got.body.data.ejentoEntities;
    const w = want.body.data.ejentoEntities;
    expect(g.map((e: any) => e.name)).toEqual(w.map((e: any) => e.name));
    expect(g.map((e: any) => e.summary)).toEqual(w.map((e: any) => e.summary));
    g.forEach((e: any, i: number) => {
      expect(e.costs.points.map((p: any) => p.start)).toEqual(w[i].costs.points.map((p: any) => p.start));
      expect(new Big(e.costs.total.amount).eq(w[i].costs.total.amount)).toBe(true);
      expect(e.costs.total.amount).toMatch(/^\d+(\.\d+)?$/);
    });
  });

  it('refuses to invent ids for topEntities when rows carry none', async () => {
    const { body } = await gw.query(`{ ejentoOrganization { topEntities(scope: AGENT) { id } } }`);
    expect(body.data.ejentoOrganization.topEntities).toBeNull();
    expect(body.errors[0].extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', source: 'EJENTO' });
  });
});
