import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UpstreamError } from '../../src/errors.js';
import { createCircuitBreaker } from '../../src/resilience/circuitBreaker.js';
import { createHttpSource } from '../../src/sources/http.js';
import { startSimulatorServer, type SimulatorServer } from '../../src/simulators/startSimulatorServer.js';
import { startTestGateway, type TestGateway } from '../support/startTestGateway.js';

const MENTOR = '{ mentorSummary(org: "main", userId: "admin@main") { totalMentors } }';

describe('the circuit breaker', () => {
  it('opens after consecutive failures, lets one probe through after openMs, and closes on its success', () => {
    let t = 0;
    const b = createCircuitBreaker({ failures: 3, openMs: 1000, now: () => t });
    b.failure();
    b.success(); // a success resets the count
    b.failure();
    b.failure();
    expect(b.allow()).toBe(true);
    b.failure();
    expect(b.state).toBe('open');
    expect(b.allow()).toBe(false);
    t = 1000;
    expect(b.allow()).toBe(true); // the probe
    expect(b.allow()).toBe(false); // only one
    b.failure();
    expect(b.state).toBe('open');
    t = 2000;
    expect(b.allow()).toBe(true);
    b.success();
    expect(b.state).toBe('closed');
    expect(b.allow()).toBe(true);
  });

  it('frees the probe, without closing, when the probe call never went out', () => {
    let t = 0;
    const b = createCircuitBreaker({ failures: 1, openMs: 100, now: () => t });
    b.failure();
    t = 100;
    expect(b.allow()).toBe(true);
    b.release();
    expect(b.state).toBe('half-open');
    expect(b.allow()).toBe(true); // another probe may go
  });
});

describe('the open window counts from the opening', () => {
  it('is not extended by late failures of calls sent before the circuit opened', () => {
    let t = 0;
    const b = createCircuitBreaker({ failures: 2, openMs: 1000, now: () => t });
    const sent = [0, 1, 2].map(() => (b.allow(), t)); // three calls out while closed
    t = 100;
    b.failure(sent[0]);
    b.failure(sent[1]);
    expect(b.state).toBe('open'); // opened at 100
    t = 900;
    b.failure(sent[2]); // the third times out late
    t = 1100;
    expect(b.state).toBe('half-open');
    expect(b.allow()).toBe(true);
  });

  it('re-opens from the failed probe, not from a late failure that lands while the probe is out', () => {
    let t = 0;
    const b = createCircuitBreaker({ failures: 1, openMs: 1000, now: () => t });
    b.allow();
    const late = t;
    b.failure(0); // opened at 0
    t = 1000;
    expect(b.allow()).toBe(true); // the probe
    const probe = t;
    t = 1200;
    b.failure(late); // a call from before the opening, not the probe
    expect(b.state).toBe('half-open');
    expect(b.allow()).toBe(false); // the probe is still out
    t = 1500;
    b.failure(probe);
    expect(b.state).toBe('open');
    t = 2400;
    expect(b.allow()).toBe(false); // the new window runs from the probe's failure (1500)
    t = 2500;
    expect(b.allow()).toBe(true);
  });

  it('over HTTP: a slow call failing after the circuit opened does not keep the source shut past openMs', async () => {
    let release: () => void = () => {};
    const slowAnswered = new Promise<void>((r) => (release = r));
    let healthy = false;
    const sim = await startSimulatorServer({
      handler: async (req) => {
        if (req.path.endsWith('/slow')) await slowAnswered;
        return healthy ? { status: 200, body: {} } : { status: 500, body: {} };
      },
    });
    let t = 1_000_000;
    const http = createHttpSource({ source: 'EJENTO', baseUrl: sim.url, breaker: { failures: 2, openMs: 10_000 }, maxRetries: 0, now: () => t });
    const call = (path: string) => http.request({ method: 'GET', path, deadline: t + 60_000 }).catch((e: unknown) => e as UpstreamError);
    const slow = call('slow');
    await call('a');
    await call('b');
    expect(http.circuit).toBe('open'); // opened at t = 1,000,000
    t += 9_000;
    release();
    expect(((await slow) as UpstreamError).code).toBe('UPSTREAM_UNAVAILABLE'); // its 500 lands 9 s into the window
    t += 1_000;
    healthy = true;
    expect(http.circuit).toBe('half-open');
    const probe = await http.request({ method: 'GET', path: 'c', deadline: t + 60_000 });
    expect(probe.status).toBe(200);
    expect(http.circuit).toBe('closed');
    await http.close();
    await sim.close();
  });
});

describe('resilience over HTTP, per source', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ env: { BREAKER_FAILURES: '2', BREAKER_OPEN_MS: '2000' } }); // open long enough to be seen open on a loaded machine
  });
  afterAll(async () => {
    await gw.close();
  });
  afterEach(() => {
    for (const s of [gw.sims.iblai, gw.sims.callCounts, gw.sims.callStats, gw.sims.ejento]) s.setFault(null);
  });

  it('fails fast with UPSTREAM_UNAVAILABLE while a source is open, keeps other sources up, then recovers through a probe', async () => {
    gw.sims.iblai.resetLog();
    gw.sims.iblai.setFault({ status: 500, body: { detail: 'boom' } });
    for (let i = 0; i < 2; i++) {
      const { body } = await gw.query(MENTOR);
      expect(body.errors[0].extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', upstreamStatus: 500 });
    }
    expect(gw.sims.iblai.count()).toBe(2);
    const open = await gw.query(`${MENTOR.slice(0, -1)} callCounts { total } }`);
    expect(open.body.errors).toHaveLength(1);
    expect(open.body.errors[0].extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE', source: 'IBLAI' });
    expect(open.body.errors[0].message).toContain('circuit open');
    expect(typeof open.body.data.callCounts.total).toBe('number');
    expect(gw.sims.iblai.count()).toBe(2); // no call while open
    // Operators see it: in GraphQL and on /readyz (still 200: the other sources serve).
    const status = await gw.query('{ gateway { sources { source configured circuit } } }');
    expect(status.body.data.gateway.sources).toEqual([
      { source: 'IBLAI', configured: true, circuit: 'OPEN' },
      { source: 'CALL_COUNTS', configured: true, circuit: 'CLOSED' },
      { source: 'CALL_STATS', configured: true, circuit: 'CLOSED' },
      { source: 'EJENTO', configured: true, circuit: 'CLOSED' },
    ]);
    const ready = await fetch(`${gw.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', circuits: { IBLAI: 'open', CALL_COUNTS: 'closed', CALL_STATS: 'closed', EJENTO: 'closed' } });
    gw.sims.iblai.setFault(null);
    await new Promise((r) => setTimeout(r, 2100));
    const probing = await gw.query('{ gateway { sources { source circuit } } }');
    expect(probing.body.data.gateway.sources[0]).toEqual({ source: 'IBLAI', circuit: 'HALF_OPEN' });
    const healed = await gw.query(MENTOR);
    expect(healed.body.errors).toBeUndefined();
    expect(gw.sims.iblai.count()).toBe(3);
    expect(((await (await fetch(`${gw.url}/readyz`)).json()) as { circuits: Record<string, string> }).circuits.IBLAI).toBe('closed');
  });

  it('coalesces identical concurrent reads of different requests into one upstream call', async () => {
    gw.sims.iblai.resetLog();
    gw.sims.iblai.setFault({ delayMs: 200, times: 5 });
    const results = await Promise.all(Array.from({ length: 5 }, () => gw.query(MENTOR)));
    for (const r of results) expect(r.body.data.mentorSummary.totalMentors).toBeGreaterThan(0);
    expect(gw.sims.iblai.count('/mentor-summary/')).toBe(1);
  });

  it('coalesces the read-only call-stats POST too, but not different bodies', async () => {
    gw.sims.callStats.resetLog();
    gw.sims.callStats.setFault({ delayMs: 200, times: 10 });
    const q = `query ($p: String!) { callStats(projectId: $p, range: { start: "2026-11-01T00:00:00Z", end: "2026-11-02T00:00:00Z" }, callMetrics: [{ metric: CALL_COUNT }]) { granularity } }`;
    const results = await Promise.all([
      gw.query(q, { p: 'acme/support-bot' }),
      gw.query(q, { p: 'acme/support-bot' }),
      gw.query(q, { p: 'acme/support-bot' }),
      gw.query(q, { p: 'acme/code-helper' }),
    ]);
    for (const r of results) expect(r.body.errors).toBeUndefined();
    expect(gw.sims.callStats.count()).toBe(2);
  });
});

describe('the HTTP layer: concurrency cap and Retry-After on 503', () => {
  let sim: SimulatorServer;
  let inFlight = 0;
  let peak = 0;
  beforeAll(async () => {
    sim = await startSimulatorServer({
      handler: async (req) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setTimeout(r, 30));
        inFlight--;
        return { status: 200, body: { path: req.url.search } };
      },
    });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('keeps at most `concurrency` calls in flight and queues the rest within the deadline', async () => {
    const http = createHttpSource({ source: 'EJENTO', baseUrl: sim.url, concurrency: 2 });
    peak = 0;
    const all = await Promise.all(Array.from({ length: 8 }, (_, i) => http.request({ method: 'GET', path: 'x', query: { i }, deadline: Date.now() + 5000 })));
    expect(all).toHaveLength(8);
    expect(peak).toBe(2);
    await http.close();
  });

  it('gives a queued call UPSTREAM_TIMEOUT when its deadline passes while waiting', async () => {
    const http = createHttpSource({ source: 'EJENTO', baseUrl: sim.url, concurrency: 1 });
    sim.setFault({ hang: true, times: 1 });
    const first = http.request({ method: 'GET', path: 'a', deadline: Date.now() + 400 }).catch((e: unknown) => e);
    const second = await http.request({ method: 'GET', path: 'b', deadline: Date.now() + 100 }).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(UpstreamError);
    expect((second as UpstreamError).code).toBe('UPSTREAM_TIMEOUT');
    expect(((await first) as UpstreamError).code).toBe('UPSTREAM_TIMEOUT');
    sim.setFault(null);
    await http.close();
  });

  it("waits at least a 503's Retry-After before its one retry", async () => {
    const sleeps: number[] = [];
    const http = createHttpSource({ source: 'EJENTO', baseUrl: sim.url, sleep: async (ms) => void sleeps.push(ms) });
    sim.setFault({ status: 503, body: {}, headers: { 'retry-after': '2' }, times: 1 });
    const res = await http.request({ method: 'GET', path: 'r', deadline: Date.now() + 5000 });
    expect(res.status).toBe(200);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThanOrEqual(2000);
    await http.close();
  });

  it('does not retry a 503 whose Retry-After would pass the deadline', async () => {
    const sleeps: number[] = [];
    const http = createHttpSource({ source: 'EJENTO', baseUrl: sim.url, sleep: async (ms) => void sleeps.push(ms) });
    sim.resetLog();
    sim.setFault({ status: 503, body: {}, headers: { 'retry-after': '30' }, times: 1 });
    const err = await http.request({ method: 'GET', path: 'r', deadline: Date.now() + 2000 }).catch((e: unknown) => e);
    expect((err as UpstreamError).code).toBe('UPSTREAM_UNAVAILABLE');
    expect(sleeps).toEqual([]);
    expect(sim.count()).toBe(1);
    await http.close();
  });
});
