import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/startTestGateway.js';

const SERIES = /* GraphQL */ `
  query ($range: TimeRange) {
    callCounts(range: $range) {
      key total warnings aggregated bucketSeconds
      effectiveRange { start end }
      points { timestamp end count }
    }
  }
`;
const BY_LABEL = /* GraphQL */ `
  query ($label: CallCountLabel!, $range: TimeRange, $first: Int, $after: String) {
    callCountsByLabel(label: $label, range: $range, first: $first, after: $after) {
      totalCount warnings
      effectiveRange { start end }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { key description dbId total aggregated bucketSeconds points { timestamp end count } } }
    }
  }
`;
const SCENARIO = /* GraphQL */ `
  query ($recoType: String!, $name: String!, $range: TimeRange) {
    scenarioCallCounts(recoType: $recoType, name: $name, range: $range) { total aggregated points { timestamp count } }
  }
`;

const DAY = { start: '2026-11-10T00:00:00Z', end: '2026-11-11T00:00:00Z' };
const sec = (iso: string) => Date.parse(iso) / 1000;
const b64json = (s: string) => JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));

describe('call-counts over HTTP', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ now: () => Date.parse('2026-11-20T12:00:00Z') });
  });
  afterAll(async () => {
    await gw.close();
  });
  const sim = () => gw.sims.callCounts;
  const dataCalls = () => sim().requests.filter((r) => r.path.includes('/call-counts/'));

  it('translates the half-open range to inclusive epoch seconds and returns raw hourly points', async () => {
    sim().resetLog();
    const { body } = await gw.query(SERIES, { range: { start: '2026-11-10T10:00:00Z', end: '2026-11-10T12:00:00Z' } });
    expect(body.errors).toBeUndefined();
    const s = body.data.callCounts;
    const q = dataCalls()[0]!.url.searchParams;
    expect(Number(q.get('start_timestamp'))).toBe(sec('2026-11-10T10:00:00Z'));
    expect(Number(q.get('end_timestamp'))).toBe(sec('2026-11-10T12:00:00Z') - 0.001);
    // The hour stamped exactly at `end` is excluded.
    expect(s.points.map((p: any) => [p.timestamp, p.end])).toEqual([
      ['2026-11-10T10:00:00Z', '2026-11-10T11:00:00Z'],
      ['2026-11-10T11:00:00Z', '2026-11-10T12:00:00Z'],
    ]);
    expect(s).toMatchObject({ key: null, aggregated: false, bucketSeconds: 3600, warnings: [] });
    expect(s.total).toBe(s.points[0].count + s.points[1].count);
    expect(s.effectiveRange).toEqual({ start: '2026-11-10T10:00:00Z', end: '2026-11-10T12:00:00Z' });
  });

  it('reports the 100-bucket rule honestly: aggregated, bucket width, chained ends, warnings, same total', async () => {
    const range = { start: '2026-11-01T00:00:00Z', end: '2026-11-08T00:00:00Z' };
    const { body } = await gw.query(SERIES, { range });
    const s = body.data.callCounts;
    expect(s.aggregated).toBe(true);
    expect(s.points).toHaveLength(100);
    // The upstream cuts its inclusive range [start, end − 1 ms] into 100 equal buckets.
    expect(s.bucketSeconds).toBeCloseTo((7 * 86_400 - 0.001) / 100, 6);
    expect(s.points[0].timestamp).toBe(range.start);
    for (let i = 0; i < 99; i++) expect(s.points[i].end).toBe(s.points[i + 1].timestamp);
    expect(s.points[99].end).toBe(range.end);
    expect(s.warnings.join(' ')).toMatch(/100 buckets/);
    const halves = await gw.query(`{
      a: callCounts(range: {start: "2026-11-01T00:00:00Z", end: "2026-11-04T12:00:00Z"}) { total aggregated }
      b: callCounts(range: {start: "2026-11-04T12:00:00Z", end: "2026-11-08T00:00:00Z"}) { total aggregated }
    }`);
    expect(halves.body.data.a.aggregated).toBe(false);
    expect(halves.body.data.a.total + halves.body.data.b.total).toBe(s.total);
  });

  it('pages ACCOUNTS to the end across several pages, each series exactly once, forward only', async () => {
    sim().resetLog();
    const all = await gw.query(BY_LABEL, { label: 'ACCOUNTS', range: DAY, first: 128 });
    const expected = all.body.data.callCountsByLabel.edges.map((e: any) => e.node.key);
    expect(expected.length).toBeGreaterThan(8);
    const seen: string[] = [];
    let after: string | null = null;
    let last: string | null = null;
    let pages = 0;
    do {
      const { body }: any = await gw.query(BY_LABEL, { label: 'ACCOUNTS', range: DAY, first: 4, after });
      expect(body.errors).toBeUndefined();
      const c = body.data.callCountsByLabel;
      expect(c.totalCount).toBeNull();
      expect(c.pageInfo.hasPreviousPage).toBe(false);
      for (const e of c.edges) expect(e.node.points.map((p: any) => p.timestamp)).toEqual(c.edges[0].node.points.map((p: any) => p.timestamp));
      seen.push(...c.edges.map((e: any) => e.node.key));
      after = c.pageInfo.hasNextPage ? c.pageInfo.endCursor : null;
      last = c.pageInfo.endCursor;
      pages++;
    } while (after && pages < 20);
    expect(seen).toEqual(expected);
    // Past the last series: an empty last page, answered without an upstream call.
    const before = dataCalls().length;
    const beyond = await gw.query(BY_LABEL, { label: 'ACCOUNTS', range: DAY, first: 4, after: last });
    expect(beyond.body.data.callCountsByLabel.edges).toEqual([]);
    expect(beyond.body.data.callCountsByLabel.pageInfo.hasNextPage).toBe(false);
    expect(dataCalls().length).toBe(before);
    expect(pages).toBe(Math.ceil(expected.length / 4));
    // Later pages followed the upstream's next_cursor with the same range.
    const calls = dataCalls().slice(1, 1 + pages);
    expect(calls.filter((r) => r.url.searchParams.get('cursor')).length).toBe(pages - 1);
    expect(new Set(calls.map((r) => r.url.searchParams.get('end_timestamp'))).size).toBe(1);
  });

  it('resumes after any edge, not just the last one of a page', async () => {
    const p1 = await gw.query(BY_LABEL, { label: 'ENDPOINTS', range: DAY, first: 4 });
    const keys = p1.body.data.callCountsByLabel.edges.map((e: any) => e.node.key);
    const mid = p1.body.data.callCountsByLabel.edges[1].cursor;
    const p2 = await gw.query(BY_LABEL, { label: 'ENDPOINTS', range: DAY, first: 3, after: mid });
    expect(p2.body.data.callCountsByLabel.edges.map((e: any) => e.node.key).slice(0, 2)).toEqual(keys.slice(2, 4));
  });

  it('keeps the resolved default range (30 days before now) across pages', async () => {
    sim().resetLog();
    const p1 = await gw.query(BY_LABEL, { label: 'LLM', first: 2 });
    const c1 = p1.body.data.callCountsByLabel;
    expect(Date.parse(c1.effectiveRange.end) - Date.parse(c1.effectiveRange.start)).toBe(30 * 86_400_000);
    expect(c1.pageInfo.hasNextPage).toBe(true);
    expect(c1.edges[0].node.aggregated).toBe(true);
    const p2 = await gw.query(BY_LABEL, { label: 'LLM', first: 2, after: c1.pageInfo.endCursor });
    expect(p2.body.data.callCountsByLabel.effectiveRange).toEqual(c1.effectiveRange);
    const [a, b] = dataCalls().map((r) => r.url.searchParams);
    expect(b!.get('start_timestamp')).toBe(a!.get('start_timestamp'));
    expect(b!.get('end_timestamp')).toBe(a!.get('end_timestamp'));
    expect(Number(a!.get('start_timestamp'))).toBe(Date.parse(c1.effectiveRange.start) / 1000);
  });

  it('returns dbId for DBS and an empty page that knows more follow for first: 0', async () => {
    const dbs = await gw.query(BY_LABEL, { label: 'DBS', range: DAY, first: 2 });
    expect(dbs.body.data.callCountsByLabel.edges[0].node.dbId).toMatch(/^db_/);
    const zero = await gw.query(BY_LABEL, { label: 'ACCOUNTS', range: DAY, first: 0 });
    expect(zero.body.data.callCountsByLabel.edges).toEqual([]);
    expect(zero.body.data.callCountsByLabel.pageInfo.hasNextPage).toBe(true);
  });

  it('serves a scenario series and maps an unknown scenario to NOT_FOUND', async () => {
    const ok = await gw.query(SCENARIO, { recoType: 'item_to_items', name: 'homepage', range: DAY });
    expect(ok.body.data.scenarioCallCounts.points).toHaveLength(24);
    const missing = await gw.query(SCENARIO, { recoType: 'item_to_items', name: 'nope', range: DAY });
    expect(missing.body.errors[0].extensions).toMatchObject({ code: 'NOT_FOUND', source: 'CALL_COUNTS', upstreamStatus: 404 });
  });

  it.each([
    ['a range past the upstream bound (2080)', SERIES, { range: { start: '2080-11-28T00:00:00Z', end: '2081-01-01T00:00:00Z' } }],
    ['a range ending before it starts', SERIES, { range: { start: '2026-11-02T00:00:00Z', end: '2026-11-01T00:00:00Z' } }],
    ['a negative first', BY_LABEL, { label: 'ACCOUNTS', first: -1 }],
    ['a first above 128', BY_LABEL, { label: 'ACCOUNTS', first: 129 }],
    ['an unknown label', BY_LABEL, { label: 'USERS' }],
    ['a forged cursor', BY_LABEL, { label: 'ACCOUNTS', after: 'bm90LWEtY3Vyc29y' }],
    ['a path-traversing recoType', SCENARIO, { recoType: '..', name: 'homepage' }],
    ['a name with a slash', SCENARIO, { recoType: 'item_to_items', name: 'home/../page' }],
  ])('answers %s with BAD_USER_INPUT before any upstream call', async (_name, query, vars) => {
    sim().resetLog();
    const { status, body } = await gw.query(query, vars);
    expect(status).toBeLessThan(500);
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(dataCalls()).toHaveLength(0);
  });

  it('refuses an unknown label literal at validation', async () => {
    const { body } = await gw.query('{ callCountsByLabel(label: USERS) { totalCount } }');
    expect(body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('rejects a cursor of another label, and one whose upstream cursor was altered', async () => {
    const p = await gw.query(BY_LABEL, { label: 'ENDPOINTS', range: DAY, first: 2 });
    const cursor = p.body.data.callCountsByLabel.pageInfo.endCursor;
    const foreign = await gw.query(BY_LABEL, { label: 'ACCOUNTS', range: DAY, first: 2, after: cursor });
    expect(foreign.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    // Re-encoded with a valid binding but a forged upstream cursor: the upstream says 400/40.
    const payload = b64json(cursor);
    payload.c = 'RU5EUE9JTlRTOjQ.AAAAAAAAAAAAAAAA';
    const tampered = Buffer.from(JSON.stringify(payload)).toString('base64url');
    const res = await gw.query(BY_LABEL, { label: 'ENDPOINTS', range: DAY, first: 2, after: tampered });
    expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(res.body.data.callCountsByLabel).toBeNull();
  });

  it('fails only its own fields: iblai fields of the same operation arrive intact', async () => {
    sim().setFault({ status: 503, body: { error_code: 1, error_name: 'ServerError', message: 'down', error_data: {} }, pathIncludes: '/historical/' });
    try {
      const { status, body } = await gw.query(`{
        callCounts(range: {start: "2026-11-10T00:00:00Z", end: "2026-11-11T00:00:00Z"}) { total }
        mentorSummary(org: "main", userId: "admin@main") { totalMentors }
      }`);
      expect(status).toBe(200);
      expect(body.data.callCounts).toBeNull();
      expect(body.data.mentorSummary.totalMentors).toBeGreaterThan(0);
      expect(body.errors).toHaveLength(1);
      expect(body.errors[0].path).toEqual(['callCounts']);
      expect(body.errors[0].extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', source: 'CALL_COUNTS', upstreamStatus: 503 });
      expect(JSON.stringify(body)).not.toContain('down');
    } finally {
      sim().setFault(null);
    }
  });

  it('maps 429/2 to RATE_LIMITED with retryAfter and does not retry past the deadline', async () => {
    sim().resetLog();
    sim().setFault({
      status: 429,
      headers: { 'retry-after': '30' },
      body: { error_code: 2, error_name: 'TooManyRequests', message: 'slow down', error_data: { name: 'RATE_LIMIT_OVERFLOW' } },
      pathIncludes: '/historical/',
    });
    try {
      const { body } = await gw.query(SERIES, { range: DAY });
      expect(body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', source: 'CALL_COUNTS', retryAfter: 30 });
      expect(dataCalls()).toHaveLength(1);
    } finally {
      sim().setFault(null);
    }
  });

  it('retries a 429 without Retry-After once, after at least 1 s, within the deadline', async () => {
    sim().resetLog();
    sim().setFault({ status: 429, body: { error_code: 2, error_name: 'TooManyRequests', message: '', error_data: {} }, pathIncludes: '/historical/', times: 1 });
    const { body } = await gw.query(SERIES, { range: DAY });
    expect(body.errors).toBeUndefined();
    expect(dataCalls()).toHaveLength(2);
  });
});
