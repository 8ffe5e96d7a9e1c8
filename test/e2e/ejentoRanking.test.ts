import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS, eventsBetween, usdString5, type DemoEvent } from '../../src/simulators/eventLog.js';
import { startTestGateway, type TestGateway } from '../support/startTestGateway.js';

const SIM_NOW = Date.parse('2026-10-20T12:00:00Z');
const RANGE = { start: '2026-10-01T00:00:00Z', end: '2026-10-15T00:00:00Z' };
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** Users ranked by a measure of their events in RANGE (ties by id), as the demo world says. */
function usersBy(measure: (evs: DemoEvent[]) => number, limit: number): Array<{ id: string; value: number }> {
  const evs = eventsBetween(Date.parse(RANGE.start), Date.parse(RANGE.end), SIM_NOW);
  return DEMO_USERS.map((u) => ({ id: u.id, value: measure(evs.filter((e) => e.user.id === u.id)) }))
    .filter((r) => r.value > 0 || evs.some((e) => e.user.id === r.id))
    .sort((a, b) => b.value - a.value || a.id - b.id)
    .slice(0, limit)
    .map((r) => ({ id: String(r.id), value: r.value }));
}
const tokens = (evs: DemoEvent[]) => evs.reduce((n, e) => n + e.inputTokens + e.outputTokens, 0);
const votes = (evs: DemoEvent[]) => evs.filter((e) => e.vote !== 0).length;

describe('ejento rankings by any metric against the simulator', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ now: () => SIM_NOW });
  });
  afterAll(async () => {
    await gw.close();
  });

  it.each([
    ['TOKENS', '/users/tokens', tokens],
    ['QUERIES', '/users/query-count', (evs: DemoEvent[]) => evs.length],
    ['VOTES', '/users/votes', votes],
  ] as const)('ranks topEntities and ranking by %s with ONE ids-less call to that endpoint, limit = the requested limit', async (by, path, measure) => {
    gw.sims.ejento.resetLog();
    const { body } = await gw.query(
      `query ($w: EjentoWindow) { ejentoOrganization {
        topEntities(scope: USER, window: $w, limit: 4, by: ${by}) { id name }
        ranking(scope: USER, window: $w, limit: 4, by: ${by}) { id name scope value entity { id name } }
      } }`,
      { w: { range: RANGE } },
    );
    expect(body.errors).toBeUndefined();
    const want = usersBy(measure, 4);
    const { topEntities, ranking } = body.data.ejentoOrganization;
    expect(topEntities.map((e: any) => e.id)).toEqual(want.map((w) => w.id));
    expect(topEntities.map((e: any) => e.name)).toEqual(want.map((w) => DEMO_USERS[Number(w.id) - 1]!.username));
    expect(ranking).toEqual(
      want.map((w) => {
        const name = DEMO_USERS[Number(w.id) - 1]!.username;
        return { id: w.id, name, scope: 'USER', value: w.value, entity: { id: w.id, name } };
      }),
    );
    // One call, shared by both fields: no ids, the caller's limit, the window.
    expect(gw.sims.ejento.requests).toHaveLength(1);
    expect(gw.sims.ejento.count(path)).toBe(1);
    const q = gw.sims.ejento.requests[0]!.url.searchParams;
    expect([q.getAll('user_id'), q.get('limit'), q.get('type'), q.get('time_series')]).toEqual([[], '4', 'range', null]);
  });

  it('ranks by cost when `by` is omitted, and serves the ranking metric of the listed entities from the list call', async () => {
    gw.sims.ejento.resetLog();
    const { body } = await gw.query(
      `query ($w: EjentoWindow) { ejentoOrganization {
        ranking(scope: USER, window: $w, limit: 3) { id value entity { costs(window: $w) { total { amount } } } }
        byTokens: topEntities(scope: USER, window: $w, limit: 3, by: TOKENS) { id tokens(window: $w) { totalTokens } votes(window: $w) { upvotes } }
      } }`,
      { w: { range: RANGE } },
    );
    expect(body.errors).toBeUndefined();
    const o = body.data.ejentoOrganization;
    const costOf = (evs: DemoEvent[]) => evs.reduce((n, e) => n + e.costE8, 0);
    const want = usersBy(costOf, 3);
    expect(o.ranking.map((r: any) => r.id)).toEqual(want.map((w) => w.id));
    o.ranking.forEach((r: any, i: number) => {
      expect(r.entity.costs.total.amount).toBe(usdString5(want[i]!.value));
      expect(r.value).toBe(Number(usdString5(want[i]!.value)));
    });
    expect(o.byTokens.map((e: any) => e.tokens.totalTokens)).toEqual(usersBy(tokens, 3).map((w) => w.value));
    // costs and tokens came with the ranking calls; only votes needed a (batched) call.
    expect(gw.sims.ejento.count('/users/costs')).toBe(1);
    expect(gw.sims.ejento.count('/users/tokens')).toBe(1);
    expect(gw.sims.ejento.count('/users/votes')).toBe(1);
    expect(gw.sims.ejento.requests.find((r) => r.path.endsWith('/users/votes'))!.url.searchParams.getAll('user_id').sort()).toEqual(
      o.byTokens.map((e: any) => e.id).sort(),
    );
  });

  it('refuses a ranking limit outside 1..100 before any call', async () => {
    gw.sims.ejento.resetLog();
    const { body } = await gw.query(`{ ejentoOrganization { ranking(scope: AGENT, limit: 101, by: VOTES) { id } } }`);
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0].message).toMatch(/limit/);
    expect(gw.sims.ejento.requests).toHaveLength(0);
  });

  it('sends the window of `recent` like any other field, and none when it is omitted', async () => {
    gw.sims.ejento.resetLog();
    const { body } = await gw.query(
      `{ ejentoOrganization {
        ranged: recent(scope: USER, window: { range: { start: "2026-10-10T00:00:00Z", end: "2026-10-12T00:00:00Z" } }, limit: 5) { id name lastUsedAt entity { id } }
        fixed: recent(scope: TEAM, window: { lastDays: 7 }, limit: 2) { id }
        plain: recent(scope: AGENT, limit: 2) { id }
      } }`,
    );
    expect(body.errors).toBeUndefined();
    const q = (path: string) => gw.sims.ejento.requests.find((r) => r.path.endsWith(path))!.url.searchParams;
    expect(Object.fromEntries(q('/users/recent'))).toEqual({ type: 'range', start_date: '2026-10-10T00:00:00Z', end_date: '2026-10-12T00:00:00Z', limit: '5' });
    expect(Object.fromEntries(q('/teams/recent'))).toEqual({ type: 'fixed', days: '7', limit: '2' });
    expect(Object.fromEntries(q('/agents/recent'))).toEqual({ limit: '2' });
    // The simulator answers the window: the users last active in it, by their last use in it.
    const evs = eventsBetween(Date.parse('2026-10-10T00:00:00Z'), Date.parse('2026-10-12T00:00:00Z'), SIM_NOW);
    const last = new Map<number, number>();
    for (const e of evs) last.set(e.user.id, Math.max(last.get(e.user.id) ?? 0, e.ts));
    const want = [...last.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, 5);
    expect(body.data.ejentoOrganization.ranged).toEqual(
      want.map(([id, ts]) => ({ id: String(id), name: DEMO_USERS[id - 1]!.username, lastUsedAt: iso(ts), entity: { id: String(id) } })),
    );
  });
});
