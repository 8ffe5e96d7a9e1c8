import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayError } from '../../src/errors.js';
import { createLargeOperationGate } from '../../src/limits/createLargeOperationGate.js';
import { writeJsonInSlices } from '../../src/server/writeJsonInSlices.js';
import { request } from 'undici';
import { connect } from 'node:net';
import { TEST_API_KEY, startTestGateway, type TestGateway } from '../support/startTestGateway.js';

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

const collect = async (value: unknown) => {
  const chunks: string[] = [];
  await writeJsonInSlices(value, (chunk) => {
    chunks.push(chunk);
  });
  return chunks;
};

describe('writeJsonInSlices', () => {
  it('waits for the sink before it writes more (backpressure)', async () => {
    const big = { data: { nodes: Array.from({ length: 20_000 }, (_, i) => ({ start: `2026-01-01T00:00:${i}Z`, count: i })) } };
    let inSink = false;
    let overlapped = false;
    let calls = 0;
    await writeJsonInSlices(big, async () => {
      overlapped ||= inSink;
      inSink = true;
      calls += 1;
      await later(2);
      inSink = false;
    });
    expect(calls).toBeGreaterThan(2);
    expect(overlapped).toBe(false);
  });

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
    expect((await collect(value)).join('')).toBe(JSON.stringify(value));
  });

  it('gives the event loop turns while it writes a big answer: a timer set just before fires before it ends', async () => {
    const big = { data: { nodes: Array.from({ length: 200_000 }, (_, i) => ({ start: `2026-01-01T00:00:${i}Z`, count: i, metrics: [{ metric: 'LATENCY_MS', value: i / 7 }] })) } };
    let firedAt = 0;
    const t0 = performance.now();
    setTimeout(() => (firedAt = performance.now()), 1);
    const chunks = await collect(big);
    const endedAt = performance.now();
    const text = chunks.join('');
    expect(text).toBe(JSON.stringify(big));
    expect(text.length).toBeGreaterThan(1_000_000);
    // Never one big string: every chunk stays well under V8's large-object size (128 KiB).
    expect(chunks.length).toBeGreaterThan(10);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(128 * 1024);
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

describe('a gateway running large operations (LARGE_RESULT_CELLS=100, MAX_CONCURRENT_LARGE=1, MAX_RESULT_CELLS=1000000)', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ env: { LARGE_RESULT_CELLS: '100', MAX_CONCURRENT_LARGE: '1', MAX_RESULT_CELLS: '1000000', REQUEST_TIMEOUT_MS: '1500' } });
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

  it('streams a large answer in chunks: the same JSON text and newline as a small one, without content-length', async () => {
    const res = await request(`${gw.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_API_KEY}` },
      body: JSON.stringify({ query: BIG_STATS, variables: { range: day(5) } }),
    });
    const text = await res.body.text();
    expect(res.statusCode).toBe(200);
    expect(res.headers['transfer-encoding']).toBe('chunked');
    expect(res.headers['content-length']).toBeUndefined();
    expect(res.headers['content-type']).toMatch(/^application\/(graphql-response\+)?json/);
    const body = JSON.parse(text);
    expect(body.data.callStats.callBuckets.nodes).toHaveLength(288);
    expect(text).toBe(`${JSON.stringify(body)}\n`);
  });

  // Two weeks of minute buckets, every metric cell spelled out (~7 MB): more text than the
  // socket buffers take while nobody reads.
  const week = (alias: string, start: string, end: string) => `${alias}: callStats(projectId: "acme/support-bot", range: { start: "${start}", end: "${end}" }, granularity: 60,
    callMetrics: [{ metric: LATENCY_MS, aggregations: [AVG, MAX], percentiles: [95] }, { metric: CALL_COUNT, aggregations: [SUM] }]) {
    callBuckets(first: 10000) { nodes { start end count metrics { metric aggregation percentile value } } }
  }`;
  const huge = `{ ${week('a', '2026-08-01T00:00:00Z', '2026-08-08T00:00:00Z')} ${week('b', '2026-08-08T00:00:00Z', '2026-08-15T00:00:00Z')} }`;

  /** Sends the huge operation on a raw socket, reads the status line and then nothing more. */
  const startUnreadAnswer = async () => {
    const { port } = new URL(gw.url);
    const socket = connect(Number(port), '127.0.0.1');
    const payload = JSON.stringify({ query: huge });
    socket.write(
      `POST /graphql HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\nauthorization: Bearer ${TEST_API_KEY}\r\ncontent-length: ${Buffer.byteLength(payload)}\r\n\r\n${payload}`,
    );
    const head = await new Promise<string>((resolve) => socket.once('data', (d: Buffer) => (socket.pause(), resolve(d.toString('latin1')))));
    expect(head).toMatch(/^HTTP\/1\.1 200/);
    return socket;
  };

  it('stops writing a large answer when its client goes, and gives its slot to the next one', async () => {
    const socket = await startUnreadAnswer();
    await later(300);
    socket.destroy();
    const next = await gw.query(BIG_STATS, { range: day(6) });
    expect(next.status).toBe(200);
    expect(next.body.data.callStats.callBuckets.nodes).toHaveLength(288);
  });

  it('disconnects a client that stops reading a large answer once the request timeout passes, and frees its slot', async () => {
    const socket = await startUnreadAnswer();
    socket.on('error', () => {});
    // REQUEST_TIMEOUT_MS is 1500: the gateway stops writing ~1.5 s after it started. A large
    // operation sent at 1 s waits at most half its deadline (750 ms) for the slot, so it is
    // answered only if the stalled answer gave its slot back.
    await later(1000);
    const next = await gw.query(BIG_STATS, { range: day(7) });
    expect(next.status).toBe(200);
    expect(next.body.data.callStats.callBuckets.nodes).toHaveLength(288);
    // Reading now, the client finds a cut answer: no chunked terminator before the close.
    let tail = '';
    socket.on('data', (d: Buffer) => (tail = (tail + d.toString('latin1')).slice(-16)));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.resume();
    await closed;
    expect(tail.endsWith('0\r\n\r\n')).toBe(false);
  }, 10_000);
});
