import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestGateway, type TestGateway } from '../support/startTestGateway.js';

/**
 * iblai's contract against a contract-faithful fake iblai (not our simulator): mounted under a
 * `/dm` prefix, DRF limit/offset paging whose absolute `next` names an internal host, rows in
 * the tolerated shapes, and ranges before 1970.
 */

const USERS = ['u1', 'u2', 'u3', 'u4', 'u5'];
const QUERY = /* GraphQL */ `
  query ($range: TimeRange!, $first: Int, $after: String) {
    userCosts(org: "main", userId: "admin@main", range: $range, first: $first, after: $after) {
      totalCount
      effectiveRange { start end }
      pageInfo { hasNextPage hasPreviousPage endCursor }
      nodes { username totalCost { amount } sessions { sessionId } }
    }
  }
`;

describe('iblai userCosts against a contract-faithful backend', () => {
  let server: Server;
  let gw: TestGateway;
  const seen: URL[] = [];
  let documented = false;

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      const url = new URL(req.url ?? '/', 'http://internal-dm:8000');
      seen.push(url);
      res.setHeader('content-type', 'application/json');
      if (req.headers.authorization !== 'Api-Token k') {
        res.statusCode = 401;
        res.end(JSON.stringify({ detail: 'Invalid token.' }));
        return;
      }
      if (url.pathname !== '/dm/api/ai-analytics/orgs/main/users/admin%40main/costs/peruser/') {
        res.statusCode = 404;
        res.end(JSON.stringify({ detail: 'Not found.' }));
        return;
      }
      const limit = Math.min(Number(url.searchParams.get('limit') ?? 10), 100);
      const offset = Number(url.searchParams.get('offset') ?? 0);
      const link = (o: number) => `http://internal-dm:8000${url.pathname}?limit=${limit}&offset=${o}`;
      const rows = USERS.slice(offset, offset + limit).map((u, i) =>
        documented
          ? // the shape iblai's own documentation shows: {id, name, date}, no cost
            { id: `id-${u}`, name: u, date: i % 2 ? '2026-10-01' : '2026-10-01T09:30:00+02:00' }
          : // tolerated variants: user_id instead of username, no user_sessions, extra keys
            i % 2 ? { user_id: u, total_cost: 0.5, extra: true } : { username: u, total_cost: 1e-7, user_sessions: [{ session_id: 's', cost: 1e-7 }] },
      );
      res.end(
        JSON.stringify({
          count: USERS.length,
          next: offset + limit < USERS.length ? link(offset + limit) : null,
          previous: offset > 0 ? link(Math.max(0, offset - limit)) : null,
          results: rows,
        }),
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    gw = await startTestGateway({ sources: () => ({ iblai: { baseUrl: `http://127.0.0.1:${port}/dm`, apiToken: 'k' } }) });
  });
  afterAll(async () => {
    await gw.close();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('pages a range before 1970 to the end (cursors carry negative epochs)', async () => {
    const range = { start: '1969-12-30T12:00:00Z', end: '1970-01-02T00:00:00Z' };
    seen.length = 0;
    const names: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const res: { body: any } = await gw.query(QUERY, { range, first: 2, after });
      expect(res.body.errors).toBeUndefined();
      const c: any = res.body.data.userCosts;
      expect(c.effectiveRange).toEqual({ start: '1969-12-30T00:00:00Z', end: '1970-01-02T00:00:00Z' });
      names.push(...c.nodes.map((n: any) => n.username));
      if (!c.pageInfo.hasNextPage) break;
      after = c.pageInfo.endCursor;
    }
    expect(names).toEqual(USERS);
    // Every page asked the configured host for the same whole days, end day included.
    for (const u of seen) {
      expect(u.searchParams.get('start_date')).toBe('1969-12-30');
      expect(u.searchParams.get('end_date')).toBe('1970-01-01');
    }
    expect(seen.map((u) => u.searchParams.get('offset'))).toEqual(['0', '2', '4']);
  });

  it('reads the tolerated row shapes with plain-notation money', async () => {
    const { body } = await gw.query(QUERY, { range: { start: '2026-10-01T00:00:00Z', end: '2026-10-02T00:00:00Z' }, first: 2 });
    expect(body.errors).toBeUndefined();
    expect(body.data.userCosts.nodes).toEqual([
      { username: 'u1', totalCost: { amount: '0.0000001' }, sessions: [{ sessionId: 's' }] },
      { username: 'u2', totalCost: { amount: '0.5' }, sessions: [] },
    ]);
    expect(body.data.userCosts.totalCount).toBe(5);
  });

  it("returns the documentation's {id, name, date} rows with id and date, totalCost null and an error at each node's totalCost", async () => {
    documented = true;
    try {
      const { body } = await gw.query(
        `query ($range: TimeRange!) { userCosts(org: "main", userId: "admin@main", range: $range, first: 2) {
          totalCount edges { node { id username date totalCost { amount } sessions { sessionId } } } } }`,
        { range: { start: '2026-10-01T00:00:00Z', end: '2026-10-02T00:00:00Z' } },
      );
      expect(body.data.userCosts.totalCount).toBe(5);
      expect(body.data.userCosts.edges.map((e: any) => e.node)).toEqual([
        { id: 'id-u1', username: 'u1', date: '2026-10-01T07:30:00Z', totalCost: null, sessions: [] },
        { id: 'id-u2', username: 'u2', date: '2026-10-01T00:00:00Z', totalCost: null, sessions: [] },
      ]);
      expect(body.errors).toHaveLength(2);
      expect(body.errors.map((e: any) => e.path)).toEqual([
        ['userCosts', 'edges', 0, 'node', 'totalCost'],
        ['userCosts', 'edges', 1, 'node', 'totalCost'],
      ]);
      for (const e of body.errors) expect(e.extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', source: 'IBLAI' });
    } finally {
      documented = false;
    }
  });
});
