import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/startTestGateway.js';

const SIM_NOW = Date.parse('2026-10-20T12:00:00Z');
const DASHBOARD = /* GraphQL */ `{
  ejentoEntities(scope: PROJECT, ids: ["1", "2"]) { id costs { total { amount } } votes { upvotes } }
  gateway { demo }
}`;

/** Every text a caller could see: no URL, credential or upstream body may be in it. */
function expectNoLeak(gw: TestGateway, text: string, ...secrets: string[]) {
  for (const s of [gw.sims.ejento.url, '127.0.0.1', 'demo-subscription-key', 'demo-ejento-token', ...secrets]) {
    expect(text).not.toContain(s);
  }
}

describe('ejento errors', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ now: () => SIM_NOW });
  });
  afterEach(() => {
    gw.sims.ejento.setFault(null);
  });
  afterAll(async () => {
    await gw.close();
  });

  it('nulls only the failing metric: the other metric and other sources still answer', async () => {
    gw.sims.ejento.setFault({ status: 500, body: { success: false, message: 'db down at 10.0.0.7', data: null }, pathIncludes: '/projects/votes' });
    const { status, body } = await gw.query(DASHBOARD);
    expect(status).toBe(200);
    expect(body.data.gateway).toEqual({ demo: false });
    for (const p of body.data.ejentoEntities) {
      expect(p.votes).toBeNull();
      expect(p.costs.total.amount).toMatch(/^\d+\.\d{5}$/);
    }
    expect(body.errors).toHaveLength(2);
    for (const e of body.errors) {
      expect(e.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', source: 'EJENTO', upstreamStatus: 500 });
      expect(e.path[2]).toBe('votes');
    }
    expectNoLeak(gw, JSON.stringify(body), '10.0.0.7');
  });

  it('treats a 200 with success:false as UPSTREAM_REJECTED without passing its message on', async () => {
    gw.sims.ejento.setFault({ status: 200, body: { success: false, message: 'token abc123 lacks analytics scope', data: null }, pathIncludes: '/projects/costs' });
    const { body } = await gw.query(DASHBOARD);
    expect(body.data.ejentoEntities.map((p: any) => p.costs)).toEqual([null, null]);
    expect(body.data.ejentoEntities[0].votes.upvotes).toBeGreaterThanOrEqual(0);
    expect(body.errors[0].extensions).toMatchObject({ code: 'UPSTREAM_REJECTED', source: 'EJENTO', upstreamStatus: 200 });
    expect(body.errors[0].message).toMatch(/success: false/);
    expectNoLeak(gw, JSON.stringify(body) + gw.logs.join(''), 'abc123');
  });

  it('treats a 200 without the envelope (no data object) as UPSTREAM_BAD_RESPONSE, not as "no rows"', async () => {
    gw.sims.ejento.setFault({ status: 200, body: { rows: [{ project_id: 1, total_cost: '9.99999' }], note: 'proxy page at 10.1.2.3' }, pathIncludes: '/projects/costs' });
    const { body } = await gw.query(DASHBOARD);
    expect(body.data.ejentoEntities.map((p: any) => p.costs)).toEqual([null, null]);
    expect(body.data.ejentoEntities[0].votes.upvotes).toBeGreaterThanOrEqual(0);
    expect(body.errors[0].extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', source: 'EJENTO' });
    expectNoLeak(gw, JSON.stringify(body), '10.1.2.3', '9.99999');
  });

  it('maps a 400 (after our own validation) to UPSTREAM_REJECTED in our words', async () => {
    gw.sims.ejento.setFault({ status: 400, body: { success: false, message: 'Invalid days: secret-detail', data: null } });
    const { body } = await gw.query(`{ ejentoOrganization { costs { key } } }`);
    expect(body.data.ejentoOrganization.costs).toBeNull();
    expect(body.errors[0].extensions).toMatchObject({ code: 'UPSTREAM_REJECTED', source: 'EJENTO', upstreamStatus: 400 });
    expect(body.errors[0].message).toBe("EJENTO rejected the gateway's costs request (HTTP 400).");
    expectNoLeak(gw, JSON.stringify(body), 'secret-detail');
  });

  it('maps 429 with Retry-After to RATE_LIMITED with retryAfter', async () => {
    gw.sims.ejento.setFault({
      status: 429,
      headers: { 'retry-after': '30' },
      body: { statusCode: 429, message: 'Rate limit is exceeded. Try again in 30 seconds.' },
    });
    const { body } = await gw.query(`{ ejentoOrganization { entityCounts { agents } } }`);
    expect(body.data.ejentoOrganization.entityCounts).toBeNull();
    expect(body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', source: 'EJENTO', retryAfter: 30, upstreamStatus: 429 });
    // 30 s does not fit in the 10 s deadline: no retry.
    expect(gw.sims.ejento.count('/entity-counts')).toBeGreaterThanOrEqual(1);
  });

  it('answers a body outside the contract with UPSTREAM_BAD_RESPONSE', async () => {
    gw.sims.ejento.setFault({ status: 200, body: { success: true, message: 'ok', data: { costs: { not: 'a list' } } } });
    const { body } = await gw.query(`{ ejentoEntity(scope: USER, id: "1") { costs { key } } }`);
    expect(body.data.ejentoEntity.costs).toBeNull();
    expect(body.errors[0].extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', source: 'EJENTO' });
  });
});

describe('ejento credentials', () => {
  it.each([
    ['a wrong subscription key (API manager 401)', { subscriptionKey: 'wrong-key-123' }, 401],
    ['a wrong bearer token (app 403)', { token: 'wrong-token-456' }, 403],
  ])('maps %s to UPSTREAM_REJECTED with source EJENTO', async (_name, patch, status) => {
    const gw = await startTestGateway({ now: () => SIM_NOW, sources: (sims) => ({ ejento: { ...sims.sourcesConfig.ejento!, ...patch } }) });
    try {
      const { body } = await gw.query(`{ ejentoEntity(scope: AGENT, id: "1") { costs { key } } }`);
      expect(body.data.ejentoEntity.costs).toBeNull();
      expect(body.errors[0].extensions).toMatchObject({ code: 'UPSTREAM_REJECTED', source: 'EJENTO', upstreamStatus: status });
      expectNoLeak(gw, JSON.stringify(body) + gw.logs.join(''), 'wrong-key-123', 'wrong-token-456', 'Access denied');
    } finally {
      await gw.close();
    }
  });
});
