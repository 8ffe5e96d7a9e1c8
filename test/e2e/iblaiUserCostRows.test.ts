import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS, eventsBetween } from '../../src/simulators/eventLog.js';
import { IBLAI_DEMO_CONFIG, startIblaiSimulator } from '../../src/simulators/iblai.js';
import type { SimulatorServer } from '../../src/simulators/startSimulatorServer.js';
import { startTestGateway, type TestGateway } from '../support/startTestGateway.js';

const SIM_NOW = Date.parse('2026-10-20T12:00:00Z');
const RANGE = { start: '2026-10-01T00:00:00Z', end: '2026-10-08T00:00:00Z' };
const QUERY = /* GraphQL */ `
  query ($range: TimeRange!, $first: Int) {
    userCosts(org: "main", userId: "admin@main", range: $range, first: $first) {
      totalCount
      nodes { id username date totalCost { amount } sessions { sessionId } }
    }
  }
`;

describe('iblai UserCost rows against the simulator', () => {
  let gw: TestGateway;
  let documented: SimulatorServer;
  let docGw: TestGateway;
  let docGwJs: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ now: () => SIM_NOW });
    documented = await startIblaiSimulator({ now: () => SIM_NOW, documentedRows: true });
    const sources = () => ({ iblai: { baseUrl: documented.url, ...IBLAI_DEMO_CONFIG } });
    // Test gateways compile with graphql-jit at first sight; this one runs graphql-js only.
    [docGw, docGwJs] = await Promise.all([
      startTestGateway({ now: () => SIM_NOW, sources }),
      startTestGateway({ now: () => SIM_NOW, sources, env: { GRAPHQL_JIT_AFTER: '0' } }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([gw.close(), docGw.close(), docGwJs.close()]);
    await documented.close();
  });

  it('answers id and date null for the pinned row shape, which carries neither', async () => {
    const { body } = await gw.query(QUERY, { range: RANGE, first: 3 });
    expect(body.errors).toBeUndefined();
    for (const n of body.data.userCosts.nodes) {
      expect(n.id).toBeNull();
      expect(n.date).toBeNull();
      expect(n.totalCost.amount).toMatch(/^\d+(\.\d+)?$/);
    }
  });

  it('returns the documented {id, name, date} rows with totalCost null and one error per row at its totalCost path', async () => {
    const { body } = await docGw.query(QUERY, { range: RANGE, first: 3 });
    const c = body.data.userCosts;
    expect(c.totalCount).toBeGreaterThan(3);
    expect(c.nodes).toHaveLength(3);
    const evs = eventsBetween(Date.parse(RANGE.start), Date.parse(RANGE.end), SIM_NOW);
    for (const n of c.nodes) {
      const user = DEMO_USERS.find((u) => u.username === n.username)!;
      const last = Math.max(...evs.filter((e) => e.user.id === user.id).map((e) => e.ts));
      expect(n).toEqual({ id: String(user.id), username: user.username, date: new Date(last).toISOString().replace('.000Z', 'Z'), totalCost: null, sessions: [] });
    }
    expect(body.errors.map((e: any) => e.path)).toEqual([0, 1, 2].map((i) => ['userCosts', 'nodes', i, 'totalCost']));
    for (const e of body.errors) expect(e.extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', source: 'IBLAI' });
    // graphql-js answers the same, errors included.
    expect((await docGwJs.query(QUERY, { range: RANGE, first: 3 })).body).toEqual(body);
  });

  it('runs the mentorDetail example of the documentation', async () => {
    const { body } = await gw.query(`{ mentorDetail(org: "main", userId: "admin@main") { totalMentors activeMentors totalQuestionsAnswered totalRatings } }`);
    expect(body.errors).toBeUndefined();
    const week = eventsBetween(SIM_NOW - 7 * 86_400_000, SIM_NOW + 1, SIM_NOW);
    expect(body.data.mentorDetail).toEqual({
      totalMentors: 10,
      activeMentors: new Set(week.map((e) => e.agent.id)).size,
      totalQuestionsAnswered: week.length,
      totalRatings: week.filter((e) => e.vote !== 0).length,
    });
  });
});
