import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CURSOR_LENGTH } from '../../src/lib/cursor.js';
import { MAX_UPSTREAM_CURSOR } from '../../src/sources/callCounts/mapping.js';
import { CALL_COUNTS_DEMO_CONFIG, startCallCountsSimulator } from '../../src/simulators/callCounts.js';
import { startSimulatorServer, type SimRequest, type SimResponse, type SimulatorServer } from '../../src/simulators/startSimulatorServer.js';
import { startTestGateway, type TestGateway } from '../support/startTestGateway.js';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const PAGE = /* GraphQL */ `
  query ($after: String) {
    callCountsByLabel(label: ENDPOINTS, first: 2, after: $after, range: { start: "2026-11-18T00:00:00Z", end: "2026-11-19T00:00:00Z" }) {
      pageInfo { hasNextPage endCursor }
      nodes { key }
    }
  }
`;

describe('call-counts: upstream cursors at the 1,536-character boundary (simulator)', () => {
  const sims: SimulatorServer[] = [];
  const gateways: TestGateway[] = [];
  async function gatewayWithCursorsOf(cursorLength: number) {
    const sim = await startCallCountsSimulator({ now: () => NOW, cursorLength });
    sims.push(sim);
    const gw = await startTestGateway({ now: () => NOW, sources: () => ({ callCounts: { baseUrl: `${sim.url}/v1/`, ...CALL_COUNTS_DEMO_CONFIG } }) });
    gateways.push(gw);
    return { sim, gw };
  }
  afterAll(async () => {
    await Promise.all(gateways.map((g) => g.close()));
    await Promise.all(sims.map((s) => s.close()));
  });

  it('pages to the end with next_cursor of exactly 1,536 characters, sending each back unchanged', async () => {
    expect(MAX_UPSTREAM_CURSOR).toBe(1536);
    const { sim, gw } = await gatewayWithCursorsOf(1536);
    const keys: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 10; i++) {
      const res: { body: any } = await gw.query(PAGE, { after });
      expect(res.body.errors).toBeUndefined();
      keys.push(...res.body.data.callCountsByLabel.nodes.map((n: any) => n.key));
      const { hasNextPage, endCursor } = res.body.data.callCountsByLabel.pageInfo;
      expect(endCursor.length).toBeLessThanOrEqual(MAX_CURSOR_LENGTH);
      if (!hasNextPage) break;
      after = endCursor;
    }
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBeGreaterThan(2);
    const sent = sim.requests.map((r) => r.url.searchParams.get('cursor')).filter((c): c is string => c !== null);
    expect(sent.length).toBeGreaterThan(0);
    for (const c of sent) expect(c).toHaveLength(1536);
  });

  it('refuses a next_cursor of 1,537 characters as UPSTREAM_BAD_RESPONSE', async () => {
    const { gw } = await gatewayWithCursorsOf(1537);
    const { body } = await gw.query(PAGE);
    expect(body.data.callCountsByLabel).toBeNull();
    expect(body.errors[0].extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', source: 'CALL_COUNTS' });
    expect(body.errors[0].message).toMatch(/1536/);
  });
});

describe('call-counts: a 1,536-character cursor of any content (contract-faithful backend)', () => {
  // Opaque means any JSON string: quotes, backslashes, control and non-ASCII characters, which
  // JSON and base64url inflate the most once wrapped into our cursor.
  const NASTY = Array.from({ length: MAX_UPSTREAM_CURSOR }, (_, i) => ['"', '\\', '\u0001', '€', 'a', '\u2028'][i % 6]!).join('');
  let fake: SimulatorServer;
  let gw: TestGateway;
  const cursors: Array<string | null> = [];
  beforeAll(async () => {
    fake = await startSimulatorServer({
      handler: (r: SimRequest): SimResponse => {
        if (r.path.endsWith('/login/service/')) return { status: 200, body: { token: 'jwt', refresh_token: 'r', role: 'manager' } };
        const cursor = r.url.searchParams.get('cursor');
        cursors.push(cursor);
        const second = cursor === NASTY;
        return {
          status: 200,
          body: {
            timestamps: [],
            series: [{ key: second ? 'b' : 'a', description: '', counts: [], extra_data: {} }],
            has_next: !second,
            next_cursor: second ? null : NASTY,
          },
        };
      },
    });
    gw = await startTestGateway({ now: () => NOW, sources: () => ({ callCounts: { baseUrl: `${fake.url}/v1/`, username: 'u', password: 'p' } }) });
  });
  afterAll(async () => {
    await gw.close();
    await fake.close();
  });

  it('wraps it within the gateway cursor cap and sends it back byte for byte', async () => {
    const one = await gw.query(PAGE);
    expect(one.body.errors).toBeUndefined();
    const endCursor = one.body.data.callCountsByLabel.pageInfo.endCursor as string;
    expect(endCursor.length).toBeGreaterThan(2048); // beyond the former cap
    expect(endCursor.length).toBeLessThanOrEqual(MAX_CURSOR_LENGTH);
    const two = await gw.query(PAGE, { after: endCursor });
    expect(two.body.errors).toBeUndefined();
    expect(two.body.data.callCountsByLabel).toEqual({ pageInfo: { hasNextPage: false, endCursor: expect.any(String) }, nodes: [{ key: 'b' }] });
    expect(cursors).toEqual([null, NASTY]);
  });

  it('refuses a cursor one character over the gateway cap before any call', async () => {
    cursors.length = 0;
    const { body } = await gw.query(PAGE, { after: 'A'.repeat(MAX_CURSOR_LENGTH + 1) });
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(cursors).toEqual([]);
  });
});
