import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Big from 'big.js';
import { startTestGateway, type TestGateway } from '../support/startTestGateway.js';

const USER_COSTS = /* GraphQL */ `
  query ($org: String!, $userId: String!, $range: TimeRange!, $first: Int, $after: String) {
    userCosts(org: $org, userId: $userId, range: $range, first: $first, after: $after) {
      totalCount
      effectiveRange { start end }
      pageInfo { hasNextPage hasPreviousPage endCursor }
      edges { cursor node { username totalCost { amount currency } sessions { sessionId cost { amount } } } }
    }
  }
`;

describe('iblai over HTTP', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw.close();
  });

  const vars = { org: 'main', userId: 'admin@main', range: { start: '2026-10-01T12:00:00Z', end: '2026-10-08T06:00:00+02:00' } };

  it('pages through every user exactly once and never follows the absolute next URL', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let total = -1;
    let pages = 0;
    do {
      const { status, body }: { status: number; body: any } = await gw.query(USER_COSTS, { ...vars, first: 4, after });
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      const c: any = body.data.userCosts;
      total = c.totalCount;
      seen.push(...c.edges.map((e: any) => e.node.username));
      expect(c.pageInfo.hasPreviousPage).toBe(pages > 0);
      after = c.pageInfo.hasNextPage ? c.pageInfo.endCursor : null;
      pages++;
    } while (after && pages < 50);
    expect(total).toBeGreaterThan(8);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect(pages).toBe(Math.ceil(total / 4));
    // Every page was asked of the configured base URL with rebuilt offsets.
    const offsets = gw.sims.iblai.requests.map((r) => r.url.searchParams.get('offset'));
    expect(offsets).toContain('4');
  });

  it('widens the range to whole UTC days and reports it', async () => {
    gw.sims.iblai.resetLog();
    const { body } = await gw.query(USER_COSTS, { ...vars, first: 1 });
    expect(body.data.userCosts.effectiveRange).toEqual({ start: '2026-10-01T00:00:00Z', end: '2026-10-09T00:00:00Z' });
    const q = gw.sims.iblai.requests[0]!.url.searchParams;
    expect(q.get('start_date')).toBe('2026-10-01');
    expect(q.get('end_date')).toBe('2026-10-08');
  });

  it('keeps money exact: sessions sum to the total in plain notation', async () => {
    const { body } = await gw.query(USER_COSTS, { ...vars, first: 5 });
    for (const { node } of body.data.userCosts.edges) {
      expect(node.totalCost.currency).toBe('USD');
      expect(node.totalCost.amount).toMatch(/^\d+(\.\d+)?$/);
      const sum = node.sessions.reduce((acc: Big, s: any) => acc.plus(s.cost.amount), new Big(0));
      expect(sum.minus(node.totalCost.amount).abs().lt('0.000000001')).toBe(true);
    }
  });

  it.each([
    ['an invalid DateTime', { range: { start: '2026-13-01T00:00:00Z' } }],
    ['a DateTime without offset', { range: { start: '2026-10-01T00:00:00' } }],
    ['a negative first', { first: -1 }],
    ['a first above 100', { first: 101 }],
    ['a forged cursor', { after: 'bm90LWEtY3Vyc29y' }],
    ['a path-traversing org', { org: '..' }],
    ['an org with a slash', { org: 'main/../x' }],
    ['an empty range', { range: { start: '2026-10-02T00:00:00Z', end: '2026-10-01T00:00:00Z' } }],
  ])('answers %s with BAD_USER_INPUT, never 500', async (_name, patch) => {
    gw.sims.iblai.resetLog();
    const { status, body } = await gw.query(USER_COSTS, { ...vars, ...patch });
    expect(status).toBeLessThan(500);
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(gw.sims.iblai.count()).toBe(0);
  });

  it('rejects a cursor from other arguments', async () => {
    const first = await gw.query(USER_COSTS, { ...vars, first: 2 });
    const cursor = first.body.data.userCosts.pageInfo.endCursor;
    const { body } = await gw.query(USER_COSTS, { ...vars, org: 'other', first: 2, after: cursor });
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('returns an empty page with the true total for first: 0', async () => {
    const { body } = await gw.query(USER_COSTS, { ...vars, first: 0 });
    expect(body.data.userCosts.edges).toEqual([]);
    expect(body.data.userCosts.totalCount).toBeGreaterThan(0);
    expect(body.data.userCosts.pageInfo.hasNextPage).toBe(true);
  });

  it('maps an unknown org to NOT_FOUND and a non-admin to UPSTREAM_REJECTED, per field', async () => {
    const { body } = await gw.query(`{
      a: mentorSummary(org: "nope", userId: "admin@main") { totalMentors }
      b: mentorSummary(org: "main", userId: "mallory") { totalMentors }
      c: mentorDetail(org: "main", userId: "admin@main") { totalMentors activeMentors }
    }`);
    expect(body.data.a).toBeNull();
    expect(body.data.b).toBeNull();
    expect(body.data.c.totalMentors).toBeGreaterThan(0);
    const byPath = Object.fromEntries(body.errors.map((e: any) => [e.path[0], e.extensions]));
    expect(byPath.a).toMatchObject({ code: 'NOT_FOUND', source: 'IBLAI', upstreamStatus: 404 });
    expect(byPath.b).toMatchObject({ code: 'UPSTREAM_REJECTED', source: 'IBLAI', upstreamStatus: 403 });
  });

  it('makes identical calls within one operation once', async () => {
    gw.sims.iblai.resetLog();
    const { body } = await gw.query(`{
      a: mentorSummary(org: "main", userId: "admin@main") { totalMentors }
      b: mentorSummary(org: "main", userId: "admin@main") { activeMentors }
    }`);
    expect(body.errors).toBeUndefined();
    expect(gw.sims.iblai.count('/mentor-summary/')).toBe(1);
  });
});
