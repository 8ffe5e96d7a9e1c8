import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CORPORA, eventsBetween, usdString5, type DemoEvent } from '../../src/simulators/eventLog.js';
import { startTestGateway, type TestGateway } from '../support/startTestGateway.js';

// The simulators' clock; windows are explicit ranges, so every number is fixed.
const SIM_NOW = Date.parse('2026-10-20T12:00:00Z');
const DAY = 86_400_000;
const WEEK_RANGE = { start: '2026-10-05T00:00:00Z', end: '2026-10-12T00:00:00Z' };
// Reaches past the simulators' clock: the last days have no data and Ejento omits them.
const EDGE_RANGE = { start: '2026-10-18T00:00:00Z', end: '2026-10-23T00:00:00Z' };
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** The days of a range, as [start, end) pairs. */
function days(range: { start: string; end: string }): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let t = Date.parse(range.start); t < Date.parse(range.end); t += DAY) out.push([t, t + DAY]);
  return out;
}

/** Documents of the corpora the events used, as the demo world counts them. */
function documents(events: readonly DemoEvent[]): number {
  return [...new Set(events.map((e) => e.agent.corpusId))].reduce((n, c) => n + DEMO_CORPORA[c - 1]!.documentCount, 0);
}
function modes(events: readonly DemoEvent[]): Array<{ mode: string; count: number }> {
  const by = new Map<string, number>();
  for (const c of new Set(events.map((e) => e.agent.corpusId))) {
    const corpus = DEMO_CORPORA[c - 1]!;
    by.set(corpus.indexingMode, (by.get(corpus.indexingMode) ?? 0) + corpus.documentCount);
  }
  return [...by.entries()].map(([mode, count]) => ({ mode, count })).sort((a, b) => b.count - a.count || a.mode.localeCompare(b.mode));
}
const userEvents = (id: number, s: number, e: number) => eventsBetween(s, e, SIM_NOW).filter((x) => x.user.id === id);

describe('ejento series siblings against the simulator', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ now: () => SIM_NOW });
  });
  afterAll(async () => {
    await gw.close();
  });

  it("builds an entity's document-count and indexing-mode series from time_series answers, one point per day", async () => {
    gw.sims.ejento.resetLog();
    const { body } = await gw.query(
      `query ($w: EjentoWindow) { ejentoEntity(scope: USER, id: "1") {
        documentCountSeries(window: $w, bucket: DAY) { key label points { start end documentCount } effectiveRange { start end } }
        indexingModesSeries(window: $w, bucket: DAY) { key points { start end modes { mode count } } }
      } }`,
      { w: { range: WEEK_RANGE } },
    );
    expect(body.errors).toBeUndefined();
    const { documentCountSeries: docs, indexingModesSeries: ims } = body.data.ejentoEntity;
    expect(docs).toMatchObject({ key: 'USER:1', label: 'alice', effectiveRange: WEEK_RANGE });
    expect(docs.points).toEqual(days(WEEK_RANGE).map(([s, e]) => ({ start: iso(s), end: iso(e), documentCount: documents(userEvents(1, s, e)) })));
    expect(ims.points).toEqual(days(WEEK_RANGE).map(([s, e]) => ({ start: iso(s), end: iso(e), modes: modes(userEvents(1, s, e)) })));
    for (const path of ['/users/document-count', '/users/indexing-mode']) {
      const q = gw.sims.ejento.requests.find((r) => r.path.endsWith(path))!.url.searchParams;
      expect([q.get('time_series'), q.get('bucket_type'), q.get('type')]).toEqual(['true', 'day', 'range']);
      expect(q.getAll('user_id')).toEqual(['1']);
    }
  });

  it('zero-fills the buckets Ejento omitted: 0 documents, no modes, no activity', async () => {
    const { body } = await gw.query(
      `query ($w: EjentoWindow) { ejentoEntity(scope: PROJECT, id: "1") {
        documentCountSeries(window: $w, bucket: DAY) { points { start documentCount } }
        indexingModesSeries(window: $w, bucket: DAY) { points { start modes { mode } } }
        activitySeries(window: $w, bucket: DAY) { points { start queryCount lastActive } }
        summarySeries(window: $w, bucket: DAY) { points { start totalQueries totalCost { amount } activeUsers } }
      } }`,
      { w: { range: EDGE_RANGE } },
    );
    expect(body.errors).toBeUndefined();
    const e = body.data.ejentoEntity;
    const starts = days(EDGE_RANGE).map(([s]) => iso(s));
    for (const series of Object.values(e) as Array<{ points: Array<{ start: string }> }>) expect(series.points.map((p) => p.start)).toEqual(starts);
    // 2026-10-21 and -22 lie after the simulators' clock.
    expect(e.documentCountSeries.points.slice(3).map((p: any) => p.documentCount)).toEqual([0, 0]);
    expect(e.indexingModesSeries.points.slice(3).map((p: any) => p.modes)).toEqual([[], []]);
    expect(e.activitySeries.points.slice(3)).toEqual([
      { start: starts[3], queryCount: 0, lastActive: null },
      { start: starts[4], queryCount: 0, lastActive: null },
    ]);
    // Active users are reported by the other buckets, so the empty ones say 0, not unknown.
    expect(e.summarySeries.points.slice(3)).toEqual([
      { start: starts[3], totalQueries: 0, totalCost: { amount: '0.00000' }, activeUsers: 0 },
      { start: starts[4], totalQueries: 0, totalCost: { amount: '0.00000' }, activeUsers: 0 },
    ]);
    expect(e.documentCountSeries.points[0].documentCount).toBeGreaterThan(0);
  });

  it("builds an entity's summary and activity series from Ejento's summary and most-active rows per week", async () => {
    gw.sims.ejento.resetLog();
    const w = { range: { start: '2026-09-01T00:00:00Z', end: '2026-10-15T00:00:00Z' } };
    const { body } = await gw.query(
      `query ($w: EjentoWindow) { ejentoEntity(scope: USER, id: "2") {
        summarySeries(window: $w, bucket: WEEK) { key label points { start end totalQueries totalTokens totalCost { amount } upvotes downvotes documentCount activeUsers } }
        activitySeries(window: $w, bucket: WEEK) { queryCount lastActive points { start end queryCount lastActive } }
        costs(window: $w, bucket: WEEK) { points { cost { amount } } }
      } }`,
      { w },
    );
    expect(body.errors).toBeUndefined();
    const e = body.data.ejentoEntity;
    expect(e.summarySeries).toMatchObject({ key: 'USER:2', label: 'bob' });
    const start = Date.parse(w.range.start);
    const end = Date.parse(w.range.end);
    // Weeks start on Mondays: 2026-08-31 holds the window's start.
    expect(e.summarySeries.points[0].start).toBe('2026-08-31T00:00:00Z');
    e.summarySeries.points.forEach((p: any, i: number) => {
      const evs = userEvents(2, Math.max(Date.parse(p.start), start), Math.min(Date.parse(p.end), end));
      expect(p).toEqual({
        start: p.start,
        end: iso(Date.parse(p.start) + 7 * DAY),
        totalQueries: evs.length,
        totalTokens: evs.reduce((n, x) => n + x.inputTokens + x.outputTokens, 0),
        totalCost: { amount: usdString5(evs.reduce((n, x) => n + x.costE8, 0)) },
        upvotes: evs.filter((x) => x.vote === 1).length,
        downvotes: evs.filter((x) => x.vote === -1).length,
        documentCount: documents(evs),
        activeUsers: evs.length ? 1 : 0,
      });
      expect(p.totalCost.amount).toBe(e.costs.points[i].cost.amount);
      const a = e.activitySeries.points[i];
      expect(a.queryCount).toBe(evs.length);
      expect(a.lastActive).toBe(evs.length ? iso(Math.max(...evs.map((x) => x.ts))) : null);
    });
    expect(e.activitySeries.queryCount).toBe(userEvents(2, start, end).length);
    expect(e.activitySeries.lastActive).toBe(iso(Math.max(...userEvents(2, start, end).map((x) => x.ts))));
    const summary = gw.sims.ejento.requests.find((r) => r.path.endsWith('/users/summary'))!.url.searchParams;
    const active = gw.sims.ejento.requests.find((r) => r.path.endsWith('/users/most-active'))!.url.searchParams;
    for (const q of [summary, active]) expect([q.get('time_series'), q.get('bucket_type')]).toEqual(['true', 'week']);
  });

  it('batches the series of many entities into one request per metric, window and bucket', async () => {
    gw.sims.ejento.resetLog();
    const { body } = await gw.query(
      `{ ejentoEntities(scope: AGENT, ids: ["1", "2", "3", "4"]) {
        documentCountSeries(window: { lastDays: 14 }, bucket: WEEK) { points { documentCount } }
        plain: documentCount(window: { lastDays: 14 })
        activitySeries(window: { lastDays: 14 }, bucket: WEEK) { queryCount }
      } }`,
    );
    expect(body.errors).toBeUndefined();
    expect(gw.sims.ejento.count('/agents/document-count')).toBe(2); // the series and the plain count
    expect(gw.sims.ejento.count('/agents/most-active')).toBe(1);
    const series = gw.sims.ejento.requests.find((r) => r.path.endsWith('/agents/document-count') && r.url.searchParams.get('time_series'))!;
    expect(series.url.searchParams.getAll('agent_id')).toEqual(['1', '2', '3', '4']);
    expect(series.url.searchParams.get('days')).toBe('14');
    for (const a of body.data.ejentoEntities) expect(a.documentCountSeries.points.length).toBeGreaterThanOrEqual(2);
  });

  it("builds a corpus's document-count and indexing-mode series from the corpus endpoints", async () => {
    gw.sims.ejento.resetLog();
    const { body } = await gw.query(
      `query ($w: EjentoWindow) { ejentoOrganization { corpora(ids: ["4"]) {
        name
        documentCountSeries(window: $w, bucket: DAY) { key label points { start documentCount } }
        indexingModesSeries(window: $w, bucket: DAY) { points { modes { mode count } } }
      } } }`,
      { w: { range: WEEK_RANGE } },
    );
    expect(body.errors).toBeUndefined();
    const [c] = body.data.ejentoOrganization.corpora;
    expect(c.name).toBe('Code Base');
    expect(c.documentCountSeries).toMatchObject({ key: 'CORPUS:4', label: 'Code Base' });
    const used = days(WEEK_RANGE).map(([s, e]) => eventsBetween(s, e, SIM_NOW).some((x) => x.agent.corpusId === 4));
    expect(c.documentCountSeries.points.map((p: any) => p.documentCount)).toEqual(used.map((u) => (u ? 8800 : 0)));
    expect(c.indexingModesSeries.points.map((p: any) => p.modes)).toEqual(used.map((u) => (u ? [{ mode: 'keyword', count: 8800 }] : [])));
    const q = gw.sims.ejento.requests.find((r) => r.path.endsWith('/corpus/document-count'))!.url.searchParams;
    expect([q.getAll('corpus_id'), q.get('time_series'), q.get('bucket_type')]).toEqual([['4'], 'true', 'day']);
    // The name came from the series rows: no other call.
    expect(gw.sims.ejento.requests).toHaveLength(2);
  });

  it("assembles the organization's summary series from the five metric lists, sharing their calls, without the summary endpoint", async () => {
    gw.sims.ejento.resetLog();
    const { body } = await gw.query(
      `query ($w: EjentoWindow) { ejentoOrganization {
        summarySeries(window: $w, bucket: WEEK) { key points { start end totalQueries totalTokens totalCost { amount } upvotes downvotes totalDocuments } effectiveRange { start end } }
        costs(window: $w, bucket: WEEK) { points { start cost { amount } } }
        tokens(window: $w, bucket: WEEK) { points { totalTokens } }
        queryCount(window: $w, bucket: WEEK) { points { count } }
        votes(window: $w, bucket: WEEK) { points { upvotes downvotes } }
        documentCountSeries(window: $w, bucket: WEEK) { key points { documentCount } }
        indexingModesSeries(window: $w, bucket: WEEK) { points { modes { mode count } } }
      } }`,
      { w: { range: { start: '2026-09-14T00:00:00Z', end: '2026-10-12T00:00:00Z' } } },
    );
    expect(body.errors).toBeUndefined();
    const o = body.data.ejentoOrganization;
    expect(o.summarySeries.key).toBe('ORGANIZATION');
    expect(o.summarySeries.points).toHaveLength(4);
    o.summarySeries.points.forEach((p: any, i: number) => {
      const evs = eventsBetween(Date.parse(p.start), Date.parse(p.end), SIM_NOW);
      expect(p).toEqual({
        start: o.costs.points[i].start,
        end: iso(Date.parse(p.start) + 7 * DAY),
        totalQueries: o.queryCount.points[i].count,
        totalTokens: o.tokens.points[i].totalTokens,
        totalCost: o.costs.points[i].cost,
        upvotes: o.votes.points[i].upvotes,
        downvotes: o.votes.points[i].downvotes,
        totalDocuments: o.documentCountSeries.points[i].documentCount,
      });
      expect(p.totalQueries).toBe(evs.length);
      expect(p.totalDocuments).toBe(documents(evs));
      expect(o.indexingModesSeries.points[i].modes).toEqual(modes(evs));
    });
    // One call per metric list (each shared by summarySeries and its own field), no summary call.
    for (const m of ['costs', 'tokens', 'query-count', 'votes', 'document-count', 'indexing-mode']) expect(gw.sims.ejento.count(`/analytics/${m}`)).toBe(1);
    expect(gw.sims.ejento.count('/analytics/summary')).toBe(0);
    expect(gw.sims.ejento.requests).toHaveLength(6);
    // Each point's cost is the exact amount of its own bucket.
    o.summarySeries.points.forEach((p: any) => {
      const evs = eventsBetween(Date.parse(p.start), Date.parse(p.end), SIM_NOW);
      expect(p.totalCost.amount).toBe(usdString5(evs.reduce((n, x) => n + x.costE8, 0)));
    });
  });

  it('requires a bucket on every series sibling (a GraphQL validation error, no call)', async () => {
    gw.sims.ejento.resetLog();
    const { body } = await gw.query(`{ ejentoOrganization { documentCountSeries { points { documentCount } } } }`);
    expect(body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors[0].message).toMatch(/bucket/);
    expect(gw.sims.ejento.requests).toHaveLength(0);
  });

  it('runs the GraphiQL example 43-ejento-document-count-series without errors', async () => {
    const dir = new URL('../../graphiql/examples/', import.meta.url);
    const query = readFileSync(new URL('43-ejento-document-count-series.graphql', dir), 'utf8');
    const vars = new URL('43-ejento-document-count-series.json', dir);
    const { body } = await gw.query(query, existsSync(vars) ? JSON.parse(readFileSync(vars, 'utf8')) : undefined);
    expect(body.errors).toBeUndefined();
    expect(body.data.ejentoEntities[0].documentCountSeries.points.length).toBeGreaterThan(1);
  });
});
