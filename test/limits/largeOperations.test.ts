import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayError } from '../../src/errors.js';
import { createLargeOperationGate } from '../../src/limits/createLargeOperationGate.js';
import { stringifyInSlices } from '../../src/server/stringifyInSlices.js';
import { startTestGateway, type TestGateway } from '../support/startTestGateway.js';

const later = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the large-operation gate', () => {
  it('runs at most `concurrency` at once and the waiting ones in arrival order', async () => {
    const gate = createLargeOperationGate(2);
    const order: string[] = [];
    const a = await gate.acquire(Date.now() + 5000);
    const b = await gate.acquire(Date.now() + 5000);
    const c = gate.acquire(Date.now() + 5000).then((r) => (order.push('c'), r));
    const d = gate.acquire(Date.now() + 5000).then((r) => (order.push('d'), r));
    await later(20);
    expect({ running: gate.running, waiting: gate.waiting, granted: order }).toEqual({ running: 2, waiting: 2, granted: [] });
    a();
    a(); // a second call of one release frees nothing more
    const releaseC = await c;
    await later(5);
    expect({ running: gate.running, waiting: gate.waiting, granted: order }).toEqual({ running: 2, waiting: 1, granted: ['c'] });
    b();
    const releaseD = await d;
    expect(order).toEqual(['c', 'd']);
    releaseC();
    releaseD();
    expect({ running: gate.running, waiting: gate.waiting }).toEqual({ running: 0, waiting: 0 });
  });

  it('refuses a waiter whose deadline passes with RATE_LIMITED and Retry-After, and forgets it', async () => {
    const gate = createLargeOperationGate(1);
    const held = await gate.acquire(Date.now() + 5000);
    const err = await gate.acquire(Date.now() + 30).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GatewayError);
    expect((err as GatewayError).extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 1 });
    expect(gate.waiting).toBe(0);
    held();
    expect(gate.running).toBe(0);
  });

  it('drops a waiter whose caller has gone, without giving it a slot', async () => {
    const gate = createLargeOperationGate(1);
    const held = await gate.acquire(Date.now() + 5000);
    const gone = new AbortController();
    const waiting = gate.acquire(Date.now() + 5000, gone.signal).catch((e: unknown) => e);
    gone.abort(new Error('caller gone'));
    expect(((await waiting) as Error).message).toBe('caller gone');
    held();
    expect({ running: gate.running, waiting: gate.waiting }).toEqual({ running: 0, waiting: 0 });
  });
});

describe('stringifyInSlices', () => {
  it('writes exactly what JSON.stringify writes', async () => {
    const bare = Object.assign(Object.create(null) as object, { a: 1, 'b"\u2028': 'x\ny' });
    const value = {
      data: {
        list: Array.from({ length: 1000 }, (_, i) => ({ i, s: `é${i}`, n: i % 7 === 0 ? null : i / 3, skip: undefined, nested: [i, [i], { d: new Date(i) }] })),
        bare,
        empty: [],
        small: [1, 'two', null, undefined],
        gap: undefined,
        when: new Date(0),
      },
      extensions: { big: Array.from({ length: 513 }, (_, i) => (i % 2 ? undefined : i)) },
    };
    expect(await stringifyInSlices(value)).toBe(JSON.stringify(value));
  });

  it('gives the event loop turns while it writes a big answer: a timer set just before fires before it ends', async () => {
    const big = { data: { nodes: Array.from({ length: 200_000 }, (_, i) => ({ start: `2026-01-01T00:00:${i}Z`, count: i, metrics: [{ metric: 'LATENCY_MS', value: i / 7 }] })) } };
    let firedAt = 0;
    const t0 = performance.now();
    setTimeout(() => (firedAt = performance.now()), 1);
    const text = await stringifyInSlices(big);
    const endedAt = performance.now();
    expect(text.length).toBeGreaterThan(1_000_000);
    expect(firedAt).toBeGreaterThan(t0);
    expect(firedAt).toBeLessThan(endedAt);
  });
});

const BIG_STATS = `query Big($range: TimeRange!) {
  callStats(projectId: "acme/support-bot", range: $range, granularity: 300, callMetrics: [{ metric: CALL_COUNT, aggregations: [SUM] }]) {
    callBuckets(first: 10000) { nodes { start count } }
  }
}`;
const day = (d: number) => ({ start: `2026-10-0${d}T00:00:00Z`, end: `2026-10-0${d + 1}T00:00:00Z` });

describe('a gateway running large operations (LARGE_RESULT_CELLS=100, MAX_CONCURRENT_LARGE=1)', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ env: { LARGE_RESULT_CELLS: '100', MAX_CONCURRENT_LARGE: '1', REQUEST_TIMEOUT_MS: '1500' } });
  });
  afterAll(async () => {
    await gw.close();
  });

  it('makes the second large operation wait for the first one before its upstream call; a small one does not wait', async () => {
    gw.sims.resetLogs();
    gw.sims.callStats.setFault({ delayMs: 400 });
    try {
      const first = gw.query(BIG_STATS, { range: day(1) });
      await later(100);
      const second = gw.query(BIG_STATS, { range: day(2) });
      await later(150);
      // The first one holds the only slot (its upstream answers after 400 ms): the second has made no call yet.
      expect(gw.sims.callStats.count()).toBe(1);
      const small = await gw.query('{ mentorSummary(org: "main", userId: "admin@main") { totalMentors } }');
      expect(small.body.errors).toBeUndefined();
      const [a, b] = await Promise.all([first, second]);
      expect(a.body.errors).toBeUndefined();
      expect(b.body.errors).toBeUndefined();
      expect(a.body.data.callStats.callBuckets.nodes).toHaveLength(288);
      expect(b.body.data.callStats.callBuckets.nodes).toHaveLength(288);
      expect(gw.sims.callStats.count()).toBe(2);
    } finally {
      gw.sims.callStats.setFault(null);
    }
  });

  it('answers a large operation still waiting after half its deadline with RATE_LIMITED (429, Retry-After) and no upstream call', async () => {
    gw.sims.resetLogs();
    gw.sims.callStats.setFault({ hang: true });
    try {
      const first = gw.query(BIG_STATS, { range: day(3) });
      await later(100);
      const second = await gw.query(BIG_STATS, { range: day(4) });
      expect(second.status).toBe(429);
      expect(second.headers.get('retry-after')).toBe('1');
      expect(second.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 1 });
      expect(gw.sims.callStats.count()).toBe(1);
      const a = await first;
      expect(a.body.errors[0].extensions.code).toBe('UPSTREAM_TIMEOUT');
    } finally {
      gw.sims.callStats.setFault(null);
    }
  });
});
