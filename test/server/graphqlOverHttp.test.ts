import { auditServer, type AuditResult } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, TEST_API_KEY, type TestGateway } from '../support/startTestGateway.js';

/** Every request of the audit carries the test key, as a real client of a live gateway would. */
const withApiKey = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
  const headers = new Headers(init.headers);
  headers.set('x-api-key', TEST_API_KEY);
  return fetch(input, { ...init, headers });
};

const describeFailure = (r: AuditResult): string => (r.status === 'ok' ? '' : `${r.id} ${r.name}: ${r.reason} (HTTP ${r.response.status})`);

describe('GraphQL over HTTP conformance (graphql-http audits)', () => {
  let gw: TestGateway;
  let results: AuditResult[];
  beforeAll(async () => {
    gw = await startTestGateway({ env: { INTROSPECTION: 'on' } });
    results = await auditServer({ url: `${gw.url}/graphql`, fetchFn: withApiKey });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('runs the whole audit (61 checks)', () => {
    expect(results).toHaveLength(61);
  });

  for (const level of ['MUST', 'SHOULD', 'MAY'] as const) {
    it(`passes every ${level} audit`, () => {
      const ofLevel = results.filter((r) => r.name.startsWith(`${level} `));
      const failing = ofLevel.filter((r) => r.status !== 'ok').map(describeFailure);
      expect(ofLevel.length).toBeGreaterThan(0);
      expect(failing, `failing ${level} audits:\n${failing.join('\n')}`).toEqual([]);
    });
  }
});
