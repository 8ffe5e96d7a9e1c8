import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/startTestGateway.js';

interface Line {
  level: number;
  msg: string;
  requestId?: string;
  [key: string]: unknown;
}

const CALL_COUNTS = '{ callCounts(range: { start: "2026-10-01T00:00:00Z", end: "2026-10-02T00:00:00Z" }) { total } }';

/** Sends a query with its own request id; returns the lines the gateway wrote meanwhile. */
async function linesOf(gw: TestGateway, requestId: string, query: string): Promise<Line[]> {
  const from = gw.logs.length;
  const res = await gw.query(query, undefined, { 'x-request-id': requestId });
  expect(res.headers.get('x-request-id')).toBe(requestId);
  return gw.logs.slice(from).map((l) => JSON.parse(l) as Line);
}

const accessLines = (lines: Line[]) => lines.filter((l) => l.msg === 'graphql request');

describe('request logs', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw.close();
  });

  it('tags the call-counts login a request triggered with that request\'s id', async () => {
    gw.sims.resetLogs();
    const lines = await linesOf(gw, 'req-login-1', CALL_COUNTS);
    expect(gw.sims.callCounts.count('/login/service/')).toBe(1);
    const login = lines.filter((l) => l.msg === 'logged in to call-counts');
    expect(login).toHaveLength(1);
    expect(login[0]).toMatchObject({ requestId: 'req-login-1', source: 'CALL_COUNTS' });
    // The login is this request's work: its access line counts both upstream requests.
    expect(accessLines(lines)).toEqual([expect.objectContaining({ requestId: 'req-login-1', upstreamCalls: 2, cacheHits: 0, status: 'ok' })]);
  });

  it('gives every line written while serving a request its id, retries included', async () => {
    gw.sims.resetLogs();
    gw.sims.ejento.setFault({ status: 503, body: { detail: 'busy' }, times: 1 });
    const lines = await linesOf(gw, 'req-retry-1', '{ ejentoOrganization { tokens(window: { lastDays: 5 }) { totalTokens } } }');
    gw.sims.ejento.setFault(null);
    expect(lines.some((l) => l.msg === 'retrying upstream call')).toBe(true);
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(l.requestId, l.msg).toBe('req-retry-1');
    expect(accessLines(lines)).toHaveLength(1);
    expect(accessLines(lines)[0]!.upstreamCalls).toBe(gw.sims.ejento.count());
    expect(gw.sims.ejento.count()).toBe(2);
  });

  it('writes one access line per request at info with its operation, duration, status and tallies', async () => {
    gw.sims.resetLogs();
    const ok = await linesOf(gw, 'req-access-ok', 'query OrgCosts { ejentoOrganization { costs(window: { lastDays: 7 }) { total { amount } } } }');
    const line = accessLines(ok);
    expect(line).toHaveLength(1);
    expect(line[0]).toMatchObject({ level: 30, requestId: 'req-access-ok', operationName: 'OrgCosts', operationType: 'query', status: 'ok', httpStatus: 200, upstreamCalls: gw.sims.ejento.count(), cacheHits: 0 });
    expect(typeof line[0]!.durationMs).toBe('number');
    expect(line[0]!.durationMs as number).toBeGreaterThanOrEqual(0);
    expect(line[0]!.errorCodes).toBeUndefined();

    const bad = accessLines(await linesOf(gw, 'req-access-bad', '{ ejentoEntity(scope: AGENT, id: "x1") { costs { total { amount } } } }'));
    expect(bad).toEqual([expect.objectContaining({ operationName: null, status: 'error', upstreamCalls: 0, errorCodes: ['BAD_USER_INPUT'] })]);

    const refused = gw.logs.length;
    await gw.query('{ gateway { demo } }', undefined, { 'x-api-key': 'wrong-key-0123456789abcdef', 'x-request-id': 'req-access-401' });
    const lines = gw.logs.slice(refused).map((l) => JSON.parse(l) as Line);
    expect(accessLines(lines)).toEqual([expect.objectContaining({ requestId: 'req-access-401', status: 'error', httpStatus: 401, errorCodes: ['UNAUTHENTICATED'] })]);
  });

  it('counts only the requests a call sent: a call sharing another\'s request tallies none', async () => {
    gw.sims.resetLogs();
    gw.sims.ejento.setLatency(300);
    const q = '{ ejentoOrganization { votes(window: { lastDays: 13 }) { upvotes } } }';
    const from = gw.logs.length;
    await Promise.all([gw.query(q, undefined, { 'x-request-id': 'req-sf-a' }), gw.query(q, undefined, { 'x-request-id': 'req-sf-b' })]);
    gw.sims.ejento.setLatency(0);
    const lines = accessLines(gw.logs.slice(from).map((l) => JSON.parse(l) as Line));
    expect(lines).toHaveLength(2);
    expect(lines.map((l) => l.upstreamCalls).sort()).toEqual([0, 1]);
    expect(gw.sims.ejento.count()).toBe(1);
  });
});

describe('ACCESS_LOG=off', () => {
  it('writes no access line', async () => {
    const gw = await startTestGateway({ env: { ACCESS_LOG: 'off' } });
    try {
      const lines = await linesOf(gw, 'req-quiet', CALL_COUNTS);
      expect(lines.some((l) => l.msg === 'logged in to call-counts')).toBe(true);
      expect(accessLines(lines)).toHaveLength(0);
    } finally {
      await gw.close();
    }
  });
});

describe('credential redaction in log lines', () => {
  it('censors credential-named keys at the top of a line and one level down, leaving the caller\'s object as it was', async () => {
    const { Writable } = await import('node:stream');
    const { createLogger } = await import('../../src/logger.js');
    const lines: string[] = [];
    const logger = createLogger('info', new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) }));
    const req = { authorization: 'Bearer s3cret-value', path: '/graphql' };
    logger.info({ req, token: 't0ken-value', headers: { 'x-api-key': 'k3y-value' }, upstream: { apiKey: 'api-k3y', password: 'pa55', status: 500 }, count: 3 }, 'line');
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({
      req: { authorization: '[redacted]', path: '/graphql' },
      token: '[redacted]',
      headers: '[redacted]',
      upstream: { apiKey: '[redacted]', password: '[redacted]', status: 500 },
      count: 3,
    });
    expect(lines[0]).not.toMatch(/s3cret|t0ken|k3y|pa55/);
    expect(req.authorization).toBe('Bearer s3cret-value');
  });
});
