import { existsSync, readFileSync } from 'node:fs';
import Big from 'big.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PROJECTS, DEMO_USERS, eventsBetween, usdString5, type DemoEvent } from '../../src/simulators/eventLog.js';
import { EJENTO_OPERATIONS } from '../../src/sources/ejento/operations.js';
import { startTestGateway, type TestGateway } from '../support/startTestGateway.js';

// The simulators' clock; windows below are explicit ranges before it, so every number is fixed.
const SIM_NOW = Date.parse('2026-10-20T12:00:00Z');
const DAY = 86_400_000;

const ENTITY_FIELDS = /* GraphQL */ `
  fragment E on EjentoEntity {
    id scope name createdAt lastUsedAt
    costs { total { amount currency } totalTokens points { start end cost { amount } } }
    tokens { promptTokens completionTokens totalTokens }
    queryCount { total points { count } }
    votes { upvotes downvotes }
    documentCount
    indexingModes { mode count }
    activity { queryCount lastActive }
    summary { totalQueries totalTokens totalCost { amount } upvotes downvotes documentCount activeUsers }
  }
`;

const EVERYTHING = /* GraphQL */ `
  ${ENTITY_FIELDS}
  query {
    agents: ejentoEntities(scope: AGENT, ids: ["1", "2"]) { ...E }
    projects: ejentoEntities(scope: PROJECT, ids: ["1", "2"]) { ...E }
    teams: ejentoEntities(scope: TEAM, ids: ["1", "2"]) { ...E }
    users: ejentoEntities(scope: USER, ids: ["1", "2"]) { ...E }
    ejentoOrganization {
      costs { total { amount } } tokens { totalTokens } queryCount { total } votes { upvotes downvotes }
      documentCount indexingModes { mode count }
      summary { totalQueries totalTokens totalCost { amount } upvotes downvotes totalDocuments }
      entityCounts { agents projects teams users corpora }
      corpora(ids: ["1", "3"]) { id name documentCount indexingModes { mode count } }
      activeAgents: mostActive(scope: AGENT, limit: 3) { id name queryCount lastActive }
      activeProjects: mostActive(scope: PROJECT, limit: 3) { id name queryCount }
      activeTeams: mostActive(scope: TEAM, limit: 3) { id name queryCount }
      activeUsers: mostActive(scope: USER, limit: 3) { id name queryCount entity { id name } }
      recentAgents: recent(scope: AGENT, limit: 2) { id name createdAt lastUsedAt }
      recentProjects: recent(scope: PROJECT, limit: 2) { id name }
      recentTeams: recent(scope: TEAM, limit: 2) { id name }
      recentUsers: recent(scope: USER, limit: 2) { id name }
    }
  }
`;

/** Events of one project in [start, end), from the shared demo world (the test's oracle). */
function projectEvents(projectId: number, start: number, end: number): DemoEvent[] {
  return eventsBetween(start, end, SIM_NOW).filter((e) => e.project.id === projectId);
}

describe('ejento over HTTP', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ now: () => SIM_NOW });
  });
  afterAll(async () => {
    await gw.close();
  });

  it('reaches every one of the 46 analytics operations with both auth headers, in one operation', async () => {
    gw.sims.ejento.resetLog();
    const { status, body } = await gw.query(EVERYTHING);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const called = new Set(gw.sims.ejento.requests.map((r) => r.path.replace(/^\//, '').replace(/\/$/, '')));
    expect(EJENTO_OPERATIONS).toHaveLength(46);
    expect([...called].sort()).toEqual(EJENTO_OPERATIONS.map((op) => op.path).sort());
    for (const r of gw.sims.ejento.requests) {
      expect(r.headers['ocp-apim-subscription-key']).toBe('demo-subscription-key');
      expect(r.headers.authorization).toBe('Bearer demo-ejento-token');
    }
    const d = body.data;
    expect(d.projects.map((p: any) => p.name)).toEqual(['Support Bot', 'Sales Assistant']);
    expect(d.users.map((u: any) => u.name)).toEqual(['alice', 'bob']);
    expect(d.teams[0]).toMatchObject({ id: '1', scope: 'TEAM', name: 'Support' });
    for (const e of [...d.agents, ...d.projects, ...d.teams, ...d.users]) {
      expect(e.costs.total.currency).toBe('USD');
      expect(e.costs.total.amount).toMatch(/^\d+\.\d{5}$/);
      expect(e.tokens.totalTokens).toBe(e.tokens.promptTokens + e.tokens.completionTokens);
      expect(e.queryCount.total).toBe(e.activity.queryCount);
      expect(e.summary.totalQueries).toBe(e.queryCount.total);
      expect(e.summary.totalCost.amount).toBe(e.costs.total.amount);
      expect(e.indexingModes.reduce((n: number, m: any) => n + m.count, 0)).toBe(e.documentCount);
      expect(e.createdAt).toMatch(/^2025-/);
    }
    const org = d.ejentoOrganization;
    expect(org.entityCounts).toEqual({ agents: 10, projects: 6, teams: 4, users: 25, corpora: 4 });
    expect(org.summary.totalCost.amount).toBe(org.costs.total.amount);
    expect(org.summary.totalQueries).toBe(org.queryCount.total);
    expect(org.corpora).toEqual([
      { id: '1', name: 'Help Center', documentCount: 1240, indexingModes: [{ mode: 'semantic', count: 1240 }] },
      { id: '3', name: 'Research Papers', documentCount: 5120, indexingModes: [{ mode: 'semantic', count: 5120 }] },
    ]);
    expect(org.activeUsers).toHaveLength(3);
    expect(org.activeUsers[0].queryCount).toBeGreaterThanOrEqual(org.activeUsers[1].queryCount);
    expect(org.activeUsers[0].entity).toEqual({ id: org.activeUsers[0].id, name: org.activeUsers[0].name });
    expect(org.recentAgents).toHaveLength(2);
  });

  it('computes exact costs per day that add up, digit for digit, to the total', async () => {
    const start = Date.parse('2026-10-05T00:00:00Z');
    const end = Date.parse('2026-10-12T00:00:00Z');
    const { body } = await gw.query(
      `query ($w: EjentoWindow) { ejentoEntity(scope: PROJECT, id: "3") { costs(window: $w, bucket: DAY) { key label total { amount } totalTokens points { start end cost { amount } tokens } } } }`,
      { w: { range: { start: '2026-10-05T00:00:00Z', end: '2026-10-12T00:00:00Z' } } },
    );
    const s = body.data.ejentoEntity.costs;
    expect(s).toMatchObject({ key: 'PROJECT:3', label: DEMO_PROJECTS[2]!.name });
    expect(s.points).toHaveLength(7);
    s.points.forEach((p: any, i: number) => {
      const dayEvents = projectEvents(3, start + i * DAY, start + (i + 1) * DAY);
      expect(p.start).toBe(new Date(start + i * DAY).toISOString().replace('.000Z', 'Z'));
      expect(p.cost.amount).toBe(usdString5(dayEvents.reduce((n, e) => n + e.costE8, 0)));
      expect(p.tokens).toBe(dayEvents.reduce((n, e) => n + e.inputTokens + e.outputTokens, 0));
    });
    const sum = s.points.reduce((acc: Big, p: any) => acc.plus(p.cost.amount), new Big(0));
    expect(s.total.amount).toBe(sum.toFixed(5));
    expect(s.totalTokens).toBe(projectEvents(3, start, end).reduce((n, e) => n + e.inputTokens + e.outputTokens, 0));
  });

  it('puts weeks on Mondays and months on the 1st, from the bucket holding the start to the one holding the last instant', async () => {
    const { body } = await gw.query(/* GraphQL */ `{
      ejentoEntity(scope: USER, id: "1") {
        week: costs(window: {range: {start: "2026-10-01T00:00:00Z", end: "2026-10-15T00:00:00Z"}}, bucket: WEEK) { points { start end } effectiveRange { start end } }
        month: tokens(window: {range: {start: "2026-08-15T06:00:00Z", end: "2026-10-10T00:00:00Z"}}, bucket: MONTH) { points { start end totalTokens } totalTokens }
        edge: queryCount(window: {range: {start: "2026-09-01T00:00:00Z", end: "2026-10-01T00:00:00Z"}}, bucket: MONTH) { points { timestamp end count } total bucketSeconds }
      }
    }`);
    expect(body.errors).toBeUndefined();
    const e = body.data.ejentoEntity;
    expect(e.week.points).toEqual([
      { start: '2026-09-28T00:00:00Z', end: '2026-10-05T00:00:00Z' },
      { start: '2026-10-05T00:00:00Z', end: '2026-10-12T00:00:00Z' },
      { start: '2026-10-12T00:00:00Z', end: '2026-10-19T00:00:00Z' },
    ]);
    expect(e.week.effectiveRange).toEqual({ start: '2026-10-01T00:00:00Z', end: '2026-10-15T00:00:00Z' });
    expect(e.month.points.map((p: any) => [p.start, p.end])).toEqual([
      ['2026-08-01T00:00:00Z', '2026-09-01T00:00:00Z'],
      ['2026-09-01T00:00:00Z', '2026-10-01T00:00:00Z'],
      ['2026-10-01T00:00:00Z', '2026-11-01T00:00:00Z'],
    ]);
    // The August point only counts from the window's start (Ejento filters; buckets are not clipped).
    const aug = eventsBetween(Date.parse('2026-08-15T06:00:00Z'), Date.parse('2026-09-01T00:00:00Z'), SIM_NOW).filter((x) => x.user.id === 1);
    expect(e.month.points[0].totalTokens).toBe(aug.reduce((n, x) => n + x.inputTokens + x.outputTokens, 0));
    // An end exactly on a month boundary does not open the next month.
    expect(e.edge.points).toHaveLength(1);
    expect(e.edge.points[0]).toMatchObject({ timestamp: '2026-09-01T00:00:00Z', end: '2026-10-01T00:00:00Z' });
    expect(e.edge.bucketSeconds).toBeNull();
  });

  it('fills buckets the upstream omitted with zeros so series of different entities line up', async () => {
    // The simulators' clock stops at SIM_NOW: the days after it have no data and Ejento omits them.
    gw.sims.ejento.resetLog();
    const { body } = await gw.query(/* GraphQL */ `{
      ejentoEntities(scope: USER, ids: ["1", "25"]) {
        costs(window: {range: {start: "2026-10-18T00:00:00Z", end: "2026-10-23T00:00:00Z"}}, bucket: DAY) { points { start cost { amount } } total { amount } }
        votes(window: {range: {start: "2026-10-18T00:00:00Z", end: "2026-10-23T00:00:00Z"}}, bucket: DAY) { points { start upvotes downvotes } }
      }
      ejentoOrganization { queryCount(window: {range: {start: "2026-10-18T00:00:00Z", end: "2026-10-23T00:00:00Z"}}, bucket: DAY) { points { timestamp count } total } }
    }`);
    expect(body.errors).toBeUndefined();
    const days = ['2026-10-18', '2026-10-19', '2026-10-20', '2026-10-21', '2026-10-22'].map((d) => `${d}T00:00:00Z`);
    const raw = gw.sims.ejento.requests.find((r) => r.path.endsWith('/users/costs'))!;
    expect(raw.url.searchParams.get('time_series')).toBe('true');
    expect(raw.url.searchParams.get('bucket_type')).toBe('day');
    for (const u of body.data.ejentoEntities) {
      expect(u.costs.points.map((p: any) => p.start)).toEqual(days);
      expect(u.votes.points.map((p: any) => p.start)).toEqual(days);
      expect(u.costs.points.slice(3).map((p: any) => p.cost.amount)).toEqual(['0.00000', '0.00000']);
      expect(u.votes.points.slice(3).map((p: any) => p.upvotes + p.downvotes)).toEqual([0, 0]);
    }
    const org = body.data.ejentoOrganization.queryCount;
    expect(org.points.map((p: any) => p.timestamp)).toEqual(days);
    expect(org.points.slice(3).map((p: any) => p.count)).toEqual([0, 0]);
    expect(org.total).toBe(org.points.reduce((n: number, p: any) => n + p.count, 0));
    expect(org.total).toBe(eventsBetween(Date.parse(days[0]!), SIM_NOW + 1, SIM_NOW).length);
  });

  it('gives an id without data zero values and a null name, not an error', async () => {
    const { body } = await gw.query(`{ ejentoEntity(scope: PROJECT, id: "999") { id name costs { total { amount } points { cost { amount } } } documentCount indexingModes { mode } summary { totalQueries activeUsers } } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data.ejentoEntity).toEqual({
      id: '999', name: null, costs: { total: { amount: '0.00000' }, points: [{ cost: { amount: '0.00000' } }] },
      documentCount: 0, indexingModes: [], summary: { totalQueries: 0, activeUsers: null },
    });
  });

  it('asks for lastDays as type=fixed and reports the window from 00:00 UTC N days ago until now', async () => {
    gw.sims.ejento.resetLog();
    const before = Date.now();
    const { body } = await gw.query(`{ ejentoOrganization { costs(window: {lastDays: 7}) { effectiveRange { start end } points { start end } } votes { effectiveRange { start } } } }`);
    const after = Date.now();
    const q = (path: string) => gw.sims.ejento.requests.find((r) => r.path.endsWith(path))!.url.searchParams;
    expect(q('/analytics/costs').get('type')).toBe('fixed');
    expect(q('/analytics/costs').get('days')).toBe('7');
    expect(q('/analytics/votes').get('days')).toBe('30'); // window omitted = lastDays 30
    const r = body.data.ejentoOrganization.costs.effectiveRange;
    const startOfToday = (t: number) => Math.floor(t / DAY) * DAY;
    expect([startOfToday(before) - 7 * DAY, startOfToday(after) - 7 * DAY]).toContain(Date.parse(r.start));
    expect(Date.parse(r.end)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(r.end)).toBeLessThanOrEqual(after);
    expect(body.data.ejentoOrganization.costs.points).toEqual([r]);
    expect(Date.parse(body.data.ejentoOrganization.votes.effectiveRange.start)).toBe(Date.parse(r.start) - 23 * DAY);
  });

  it('passes a range as exact datetimes (type=range), in UTC whatever the input offset', async () => {
    gw.sims.ejento.resetLog();
    const { body } = await gw.query(`{ ejentoEntity(scope: USER, id: "2") { tokens(window: {range: {start: "2026-10-01T02:00:00+02:00", end: "2026-10-03T12:30:00Z"}}) { effectiveRange { start end } } } }`);
    expect(body.data.ejentoEntity.tokens.effectiveRange).toEqual({ start: '2026-10-01T00:00:00Z', end: '2026-10-03T12:30:00Z' });
    const q = gw.sims.ejento.requests[0]!.url.searchParams;
    expect(q.get('type')).toBe('range');
    expect(q.get('start_date')).toBe('2026-10-01T00:00:00Z');
    expect(q.get('end_date')).toBe('2026-10-03T12:30:00Z');
    expect(q.getAll('user_id')).toEqual(['2']);
  });

  it.each([
    ['both lastDays and range', '{ lastDays: 3, range: { start: "2026-10-01T00:00:00Z" } }'],
    ['neither lastDays nor range', '{}'],
  ])('rejects a window with %s before any call', async (_name, literal) => {
    gw.sims.ejento.resetLog();
    const lit = await gw.query(`{ ejentoOrganization { costs(window: ${literal}) { key } } }`);
    expect(lit.body.errors[0].message).toMatch(/EjentoWindow.*exactly one key/);
    expect(lit.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const vars = await gw.query(`query ($w: EjentoWindow) { ejentoOrganization { costs(window: $w) { key } } }`, {
      w: literal === '{}' ? {} : { lastDays: 3, range: { start: '2026-10-01T00:00:00Z' } },
    });
    expect(vars.body.errors[0].message).toMatch(/Exactly one key must be specified for OneOf type "EjentoWindow"/);
    expect(vars.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(gw.sims.ejento.requests).toHaveLength(0);
  });

  it.each([
    ['a non-numeric id', `{ ejentoEntity(scope: USER, id: "abc") { costs { key } } }`, /Ejento id/],
    ['a negative id', `{ ejentoEntities(scope: USER, ids: ["1", "-2"]) { costs { key } } }`, /ids\[1\]/],
    ['a path-like id', `{ ejentoEntity(scope: USER, id: "1/../2") { name } }`, /Ejento id/],
    ['a non-numeric corpus id', `{ ejentoOrganization { corpora(ids: ["x"]) { name } } }`, /Ejento id/],
    ['lastDays 0', `{ ejentoOrganization { costs(window: {lastDays: 0}) { key } } }`, /lastDays/],
    ['an empty range', `{ ejentoOrganization { costs(window: {range: {start: "2026-10-02T00:00:00Z", end: "2026-10-01T00:00:00Z"}}) { key } } }`, /after/],
    ['a limit of 0', `{ ejentoOrganization { topEntities(scope: USER, limit: 0) { id } } }`, /limit/],
    ['a limit of 101', `{ ejentoOrganization { recent(scope: USER, limit: 101) { id } } }`, /limit/],
  ])('answers %s with BAD_USER_INPUT before any upstream call', async (_name, query, message) => {
    gw.sims.ejento.resetLog();
    const { status, body } = await gw.query(query);
    expect(status).toBe(200);
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0].message).toMatch(message);
    expect(gw.sims.ejento.requests).toHaveLength(0);
  });

  it('lists top entities by cost without ids, and their metrics batch like any other', async () => {
    gw.sims.ejento.resetLog();
    const { body } = await gw.query(/* GraphQL */ `{
      ejentoOrganization { topEntities(scope: USER, limit: 5) { id name costs { total { amount } } tokens { totalTokens } votes { upvotes } } }
    }`);
    expect(body.errors).toBeUndefined();
    const top = body.data.ejentoOrganization.topEntities;
    expect(top).toHaveLength(5);
    const amounts = top.map((t: any) => new Big(t.costs.total.amount));
    for (let i = 1; i < amounts.length; i++) expect(amounts[i - 1].gte(amounts[i])).toBe(true);
    expect(top.map((t: any) => t.name)).toEqual(top.map((t: any) => DEMO_USERS[Number(t.id) - 1]!.username));
    // One ids-less cost call (which also served `costs`), one batched call per other metric.
    expect(gw.sims.ejento.count('/users/costs')).toBe(1);
    expect(gw.sims.ejento.requests[0]!.url.searchParams.getAll('user_id')).toEqual([]);
    expect(gw.sims.ejento.count('/users/tokens')).toBe(1);
    expect(gw.sims.ejento.count('/users/votes')).toBe(1);
    const tokens = gw.sims.ejento.requests.find((r) => r.path.endsWith('/users/tokens'))!.url.searchParams;
    expect(tokens.getAll('user_id').sort()).toEqual(top.map((t: any) => t.id).sort());
  });

  it.each(['40-ejento-project-cost-per-week', '41-ejento-organization-overview', '42-ejento-user-queries-per-month'])(
    'runs the GraphiQL example %s without errors',
    async (name) => {
      const dir = new URL('../../graphiql/examples/', import.meta.url);
      const query = readFileSync(new URL(`${name}.graphql`, dir), 'utf8');
      const vars = new URL(`${name}.json`, dir);
      const { body } = await gw.query(query, existsSync(vars) ? JSON.parse(readFileSync(vars, 'utf8')) : undefined);
      expect(body.errors).toBeUndefined();
      expect(JSON.stringify(body.data)).not.toContain('null,');
    },
  );

  it('answers SOURCE_NOT_CONFIGURED on the root field when Ejento has no configuration', async () => {
    const other = await startTestGateway({ now: () => SIM_NOW, sources: () => ({ ejento: null }) });
    try {
      const { body } = await other.query(`{ ejentoEntity(scope: USER, id: "1") { costs { key } } gateway { demo } }`);
      expect(body.data).toEqual({ ejentoEntity: null, gateway: { demo: false } });
      expect(body.errors[0].extensions).toMatchObject({ code: 'SOURCE_NOT_CONFIGURED', source: 'EJENTO' });
      expect(other.sims.ejento.requests).toHaveLength(0);
    } finally {
      await other.close();
    }
  });
});
