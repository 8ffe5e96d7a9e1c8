import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulatorServer, type SimRequest, type SimResponse, type SimulatorServer } from '../../src/simulators/startSimulatorServer.js';
import { startTestGateway, type TestGateway } from '../support/startTestGateway.js';

/**
 * Ejento behaviours of a contract-faithful backend that our simulator does not
 * produce, served by a small scripted backend.
 */
const NOW = Date.parse('2026-10-20T12:00:00Z');
const FORWARD_HEADER = 'x-ejento-authorization';

describe('ejento contract: API manager 401 with a forwarded bearer token', () => {
  let fake: SimulatorServer;
  let gw: TestGateway;
  let handler: (r: SimRequest) => SimResponse = () => ({ status: 500 });
  beforeAll(async () => {
    fake = await startSimulatorServer({ handler: (r) => handler(r) });
    gw = await startTestGateway({
      now: () => NOW,
      env: { EJENTO_FORWARD_AUTH_HEADER: FORWARD_HEADER },
      sources: () => ({ ejento: { baseUrl: fake.url, subscriptionKey: 'gateway-sub-key', token: 'gateway-token', maxBatchSize: 50 } }),
    });
  });
  afterAll(async () => {
    await gw.close();
    await fake.close();
  });

  it('blames the gateway (UPSTREAM_REJECTED), not the caller, when the subscription key is refused', async () => {
    handler = () => ({
      status: 401,
      body: { statusCode: 401, message: 'Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.' },
    });
    const { body } = await gw.query(`{ ejentoEntity(scope: AGENT, id: "1") { costs { key } } }`, undefined, { [FORWARD_HEADER]: 'Bearer caller-token' });
    // The caller's token was the one sent; the subscription key stays the gateway's.
    const sent = fake.requests.at(-1)!.headers;
    expect(sent.authorization).toBe('Bearer caller-token');
    expect(sent['ocp-apim-subscription-key']).toBe('gateway-sub-key');
    expect(body.data.ejentoEntity.costs).toBeNull();
    expect(body.errors[0].extensions).toMatchObject({ code: 'UPSTREAM_REJECTED', source: 'EJENTO', upstreamStatus: 401 });
    expect(JSON.stringify(body)).not.toContain('Access denied');
  });

  it("still reports the app's 403 for a forwarded token as FORBIDDEN", async () => {
    handler = () => ({ status: 403, body: { success: false, message: 'Invalid or expired token.', data: null } });
    const { body } = await gw.query(`{ ejentoEntity(scope: AGENT, id: "1") { costs { key } } }`, undefined, { [FORWARD_HEADER]: 'Bearer bad' });
    expect(body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', source: 'EJENTO', upstreamStatus: 403 });
  });
});
