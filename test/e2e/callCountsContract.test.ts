import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toLabelPage, toTimeAxis, toUpstreamRange } from '../../src/sources/callCounts/mapping.js';
import { startTestGateway, type TestGateway } from '../support/startTestGateway.js';

/**
 * call-counts contract edge cases our own simulator tests did not reach: the 100-point boundary of
 * the bucketing rule, and label series whose key is an empty string.
 */

const H = 3_600_000;
const SERIES = /* GraphQL */ `
  query ($range: TimeRange) {
    callCounts(range: $range) { total aggregated bucketSeconds warnings points { timestamp end count } }
  }
`;

describe('call-counts: the 100-point boundary (unit)', () => {
  it('reads exactly 100 raw hourly stamps of a 100-hour range as raw, not as the 100-bucket grid', () => {
    // [H0, H0 + 100 h): end_timestamp = H0 + 100 h − 0.001 s holds exactly 100 hour stamps, so the
    // upstream does not merge. Its grid would drift from the hours by at most 0.99 ms.
    const start = Date.parse('2026-11-10T00:00:00Z');
    const range = { start, end: start + 100 * H };
    const asked = toUpstreamRange(range);
    const stamps = Array.from({ length: 100 }, (_, i) => (start + i * H) / 1000);
    const axis = toTimeAxis(stamps, asked, range);
    expect(axis.aggregated).toBe(false);
    expect(axis.bucketSeconds).toBe(3600);
    expect(axis.bounds[99]).toEqual({ timestamp: start + 99 * H, end: start + 100 * H });
  });

  it('still reads 100 buckets of exactly one hour (101 stamps in range) as aggregated', () => {
    const start = Date.parse('2026-11-10T00:00:00Z');
    const range = { start, end: start + 100 * H + 1 }; // end_timestamp = start + 100 h: 101 stamps
    const asked = toUpstreamRange(range);
    const w = (asked.end_timestamp - asked.start_timestamp) / 100;
    const axis = toTimeAxis(Array.from({ length: 100 }, (_, i) => asked.start_timestamp + i * w), asked, range);
    expect(axis.aggregated).toBe(true);
    expect(axis.bucketSeconds).toBe(3600);
    expect(axis.bounds[99]!.end).toBe(range.end);
  });

  it('accepts a series whose key is an empty string (an account without a name)', () => {
    const range = { start: 10 * H, end: 11 * H };
    const page = toLabelPage(
      { timestamps: [36_000], series: [{ key: '', description: 'nameless', counts: [3], extra_data: {} }], has_next: false, next_cursor: null },
      toUpstreamRange(range),
      range,
    );
    expect(page.series[0]).toMatchObject({ key: '', total: 3 });
  });
});

describe('call-counts: the 100-point boundary over HTTP (simulator)', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ now: () => Date.parse('2026-11-20T12:00:00Z') });
  });
  afterAll(async () => {
    await gw.close();
  });

  it('answers a 100-hour range with 100 raw hourly points', async () => {
    const { body } = await gw.query(SERIES, { range: { start: '2026-11-10T00:00:00Z', end: '2026-11-14T04:00:00Z' } });
    expect(body.errors).toBeUndefined();
    const s = body.data.callCounts;
    expect(s.points).toHaveLength(100);
    expect(s).toMatchObject({ aggregated: false, bucketSeconds: 3600, warnings: [] });
    expect(s.points[1]).toMatchObject({ timestamp: '2026-11-10T01:00:00Z', end: '2026-11-10T02:00:00Z' });
    expect(s.points[99]).toMatchObject({ timestamp: '2026-11-14T03:00:00Z', end: '2026-11-14T04:00:00Z' });
  });

  it('answers a range one millisecond longer (101 stamps) with 100 aggregated one-hour buckets', async () => {
    const { body } = await gw.query(SERIES, { range: { start: '2026-11-10T00:00:00Z', end: '2026-11-14T04:00:00.001Z' } });
    expect(body.errors).toBeUndefined();
    const s = body.data.callCounts;
    expect(s.points).toHaveLength(100);
    expect(s.aggregated).toBe(true);
    expect(s.bucketSeconds).toBe(3600);
    expect(s.warnings.length).toBeGreaterThan(0);
    expect(s.points[99].end).toBe('2026-11-14T04:00:00.001Z');
  });
});

describe('call-counts: a label series with an empty key over HTTP (contract-faithful fake)', () => {
  let server: Server;
  let gw: TestGateway;
  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      res.setHeader('content-type', 'application/json');
      if (req.method === 'POST' && url.pathname === '/v1/login/service/') {
        res.end(JSON.stringify({ token: 'jwt-1', refresh_token: 'r-1', role: 'manager' }));
        return;
      }
      if (url.pathname === '/v1/call-counts/historical/ACCOUNTS/') {
        const start = Number(url.searchParams.get('start_timestamp'));
        res.end(
          JSON.stringify({
            timestamps: [start],
            series: [
              { key: 'a@example.com', description: 'A', counts: [2], extra_data: {} },
              { key: '', description: 'an account without a name', counts: [1], extra_data: {} },
            ],
            has_next: false,
            next_cursor: null,
          }),
        );
        return;
      }
      res.statusCode = 404;
      res.end(JSON.stringify({ error_code: 60, error_name: 'NotFoundError', message: 'not found', error_data: {} }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    gw = await startTestGateway({
      sources: () => ({ callCounts: { baseUrl: `http://127.0.0.1:${port}/v1/`, username: 'svc', password: 'pw' } }),
    });
  });
  afterAll(async () => {
    await gw.close();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('returns both series instead of failing the page', async () => {
    const { body } = await gw.query(
      `{ callCountsByLabel(label: ACCOUNTS, range: {start: "2026-11-10T10:00:00Z", end: "2026-11-10T11:00:00Z"}) { nodes { key total } } }`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.callCountsByLabel.nodes).toEqual([
      { key: 'a@example.com', total: 2 },
      { key: '', total: 1 },
    ]);
  });
});
