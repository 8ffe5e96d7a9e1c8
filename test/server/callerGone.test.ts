import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSingleFlight } from '../../src/resilience/singleFlight.js';
import { callerGone } from '../../src/server/callerGone.js';
import { startTestGateway, TEST_API_KEY, type TestGateway } from '../support/startTestGateway.js';

const MENTOR = '{ mentorSummary(org: "main", userId: "admin@main") { totalMentors } }';

/** Polls `probe` until it is true or ~`ms` have passed; resolves to its last value. */
async function eventually(probe: () => boolean, ms = 3000): Promise<boolean> {
  const until = Date.now() + ms;
  while (!probe() && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  return probe();
}

describe('a caller that disconnects', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw.close();
  });
  afterEach(() => {
    gw.sims.iblai.setFault(null);
    gw.sims.resetLogs();
  });

  const send = (signal: AbortSignal) =>
    fetch(`${gw.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': TEST_API_KEY },
      body: JSON.stringify({ query: MENTOR }),
      signal,
    });

  it('has its upstream call aborted: the simulator sees the socket close long before the deadline', async () => {
    gw.sims.iblai.setFault({ hang: true });
    const before = gw.sims.iblai.abandoned;
    const caller = new AbortController();
    const pending = send(caller.signal).catch((e: unknown) => e);
    expect(await eventually(() => gw.sims.iblai.count() === 1)).toBe(true);
    caller.abort();
    await pending;
    // The request deadline is 10 s: only the disconnect can close the upstream socket this early.
    expect(await eventually(() => gw.sims.iblai.abandoned > before, 3000)).toBe(true);
    // A caller leaving is not a transport failure of the backend: no warning says so.
    await new Promise((r) => setTimeout(r, 50));
    expect(gw.logs.filter((l) => l.includes('unexpected upstream transport error'))).toEqual([]);
    // The gateway still serves, and the abandoned call did not count against the backend.
    gw.sims.iblai.setFault(null);
    const ok = await gw.query(MENTOR);
    expect(ok.body.errors).toBeUndefined();
  });

  it('does not abort an upstream call another request still shares', async () => {
    gw.sims.iblai.setFault({ delayMs: 500 });
    const before = gw.sims.iblai.abandoned;
    const leaver = new AbortController();
    const gone = send(leaver.signal).catch((e: unknown) => e);
    expect(await eventually(() => gw.sims.iblai.count() === 1)).toBe(true);
    const stayer = gw.query(MENTOR);
    await new Promise((r) => setTimeout(r, 50)); // the second request joins the flight in progress
    leaver.abort();
    await gone;
    const answer = await stayer;
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.mentorSummary.totalMentors).toEqual(expect.any(Number));
    // One shared upstream call, answered, never aborted.
    expect(gw.sims.iblai.count()).toBe(1);
    expect(gw.sims.iblai.abandoned).toBe(before);
  });
  it('lets one request listen on its caller signal from dozens of upstream calls without a listener-leak warning', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      // A cost report joins dozens of upstream calls at once, each listening on the request's signal.
      const signal = callerGone(new EventEmitter() as unknown as ServerResponse);
      const flights = createSingleFlight<number>();
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const calls = Array.from({ length: 40 }, (_, i) => flights.run(`call ${i}`, () => gate.then(() => i), signal).promise);
      release();
      expect(await Promise.all(calls)).toHaveLength(40);
      await new Promise((r) => setTimeout(r, 20)); // warnings are emitted on a later tick
      expect(warnings.filter((w) => w === 'MaxListenersExceededWarning')).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });
});
