import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHttpSource, type HttpSource } from '../../src/sources/http.js';
import { UpstreamError } from '../../src/errors.js';
import { startSimulatorServer, type SimulatorServer } from '../../src/simulators/startSimulatorServer.js';

const SECRET = 'sk-very-secret-upstream-token';

async function failure(p: Promise<unknown>): Promise<UpstreamError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(UpstreamError);
    return err as UpstreamError;
  }
  throw new Error('expected the call to fail');
}

function assertNoLeak(err: UpstreamError, sim: SimulatorServer) {
  const shown = JSON.stringify({ message: err.message, extensions: err.extensions });
  expect(shown).not.toContain(sim.url);
  expect(shown).not.toContain('127.0.0.1');
  expect(shown).not.toContain(SECRET);
}

describe('the upstream HTTP layer', () => {
  let sim: SimulatorServer;
  let http: HttpSource;
  const sleeps: number[] = [];

  beforeAll(async () => {
    sim = await startSimulatorServer({ handler: () => ({ status: 200, body: { ok: true } }) });
    http = createHttpSource({
      source: 'IBLAI',
      baseUrl: `${sim.url}/dm`,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
  });
  afterAll(async () => {
    await http.close();
    await sim.close();
  });
  beforeEach(() => {
    sim.setFault(null);
    sim.resetLog();
    sleeps.length = 0;
  });

  const get = (deadlineMs = 2000) =>
    http.request({ method: 'GET', path: 'api/x/', query: { id: [1, 2], skip: undefined }, headers: { authorization: SECRET }, deadline: Date.now() + deadlineMs });

  it('keeps the base path, repeats array parameters and parses JSON', async () => {
    const res = await get();
    expect(res.body).toEqual({ ok: true });
    expect(sim.requests[0]!.path).toBe('/dm/api/x/');
    expect(sim.requests[0]!.url.search).toBe('?id=1&id=2');
  });

  it('maps a hanging backend to UPSTREAM_TIMEOUT within the deadline', async () => {
    sim.setFault({ hang: true });
    const err = await failure(get(300));
    expect(err.extensions).toMatchObject({ code: 'UPSTREAM_TIMEOUT', source: 'IBLAI' });
    assertNoLeak(err, sim);
  });

  it('does not join an identical call that has hung for over a second: the next one goes out and succeeds', async () => {
    sim.setFault({ hang: true, times: 1 });
    const stuck = get(4000);
    const stuckFailure = failure(stuck);
    await new Promise((r) => setTimeout(r, 1200));
    // The backend answers again; an identical read arriving now must not wait for the stuck one.
    const t0 = Date.now();
    await expect(get(4000)).resolves.toMatchObject({ body: { ok: true } });
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(sim.requests).toHaveLength(2);
    expect((await stuckFailure).extensions).toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
  });

  it('maps a slow body to UPSTREAM_TIMEOUT', async () => {
    sim.setFault({ status: 200, raw: '{"ok": true}', slowBodyMs: 2000 });
    const err = await failure(get(300));
    expect(err.code).toBe('UPSTREAM_TIMEOUT');
  });

  it('maps a 500 with a secret-bearing body to UPSTREAM_UNAVAILABLE without the body', async () => {
    sim.setFault({ status: 500, body: { detail: `db password ${SECRET}` } });
    const err = await failure(get());
    expect(err.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', upstreamStatus: 500 });
    assertNoLeak(err, sim);
    expect(sim.count()).toBe(1); // 500 is not retried
  });

  it('retries a 503 once, then succeeds', async () => {
    sim.setFault({ status: 503, body: {}, times: 1 });
    const res = await get();
    expect(res.body).toEqual({ ok: true });
    expect(sim.count()).toBe(2);
  });

  it('honours Retry-After on 429 with exactly one retry inside the deadline', async () => {
    sim.setFault({ status: 429, body: { detail: 'throttled' }, headers: { 'retry-after': '1' } });
    const err = await failure(get(5000));
    expect(err.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 1, upstreamStatus: 429 });
    expect(sleeps).toEqual([1000]);
    expect(sim.count()).toBe(2);
  });

  it('does not retry a 429 when the wait would pass the deadline', async () => {
    sim.setFault({ status: 429, body: {}, headers: { 'retry-after': '30' } });
    const err = await failure(get(2000));
    expect(err.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 30 });
    expect(sim.count()).toBe(1);
  });

  it('maps malformed JSON to UPSTREAM_BAD_RESPONSE', async () => {
    sim.setFault({ status: 200, raw: `{"oops": ${SECRET}` });
    const err = await failure(get());
    expect(err.code).toBe('UPSTREAM_BAD_RESPONSE');
    assertNoLeak(err, sim);
  });

  it('maps a connection reset to UPSTREAM_UNAVAILABLE', async () => {
    sim.setFault({ reset: true });
    const err = await failure(get());
    expect(err.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', source: 'IBLAI' });
    assertNoLeak(err, sim);
  });

  it('maps 401, 403 and 404 to UPSTREAM_REJECTED and NOT_FOUND', async () => {
    for (const [status, code] of [[401, 'UPSTREAM_REJECTED'], [403, 'UPSTREAM_REJECTED'], [404, 'NOT_FOUND'], [504, 'UPSTREAM_TIMEOUT']] as const) {
      sim.setFault({ status, body: { detail: SECRET }, times: 1 });
      const err = await failure(get());
      expect(err.extensions).toMatchObject({ code, upstreamStatus: status });
      expect(err.detail).toEqual({ detail: SECRET });
      expect(JSON.stringify(err)).not.toContain(SECRET);
    }
  });

  it('maps a refused connection to UPSTREAM_UNAVAILABLE', async () => {
    const dead = createHttpSource({ source: 'EJENTO', baseUrl: 'http://127.0.0.1:1', sleep: async () => {} });
    const err = await failure(dead.request({ method: 'GET', path: 'x', deadline: Date.now() + 2000 }));
    expect(err.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', source: 'EJENTO' });
    await dead.close();
  });
});
