import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IBLAI_DEMO_TOKEN } from '../../src/simulators/iblai.js';
import { CALL_COUNTS_DEMO_CONFIG } from '../../src/simulators/callCounts.js';
import { TEST_API_KEY, startTestGateway, type TestGateway } from '../support/startTestGateway.js';

const PARTNER = 'partner-key-abcdefghijklmnop';
const ANALYST = 'analyst-key-abcdefghijklmnop';
const policies = {
  partner: { scopes: ['iblai', 'ejento', 'callStats'], iblaiOrgs: ['main'], ejentoIds: ['1', '2'], callStatsProjects: ['acme/support-bot'] },
  analyst: { scopes: ['callCounts'] },
};
const RANGE = { start: '2026-11-01T00:00:00Z', end: '2026-11-02T00:00:00Z' };

describe('authorization per principal: scopes and allow-lists', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({
      env: { GATEWAY_API_KEYS: `test=${TEST_API_KEY},partner=${PARTNER},analyst=${ANALYST}`, GATEWAY_POLICIES: JSON.stringify(policies) },
    });
  });
  afterAll(async () => {
    await gw.close();
  });
  const as = (key: string) => ({ 'x-api-key': key });
  const reset = () => gw.sims.resetLogs();

  it('denies a field of a source outside the scopes with FORBIDDEN on that field only, before any upstream call', async () => {
    reset();
    const { status, body } = await gw.query(
      `{ gateway { demo } callCounts { total } mentorSummary(org: "main", userId: "admin@main") { totalMentors } }`,
      undefined,
      as(ANALYST),
    );
    expect(status).toBe(200);
    expect(body.data.gateway.demo).toBe(false);
    expect(typeof body.data.callCounts.total).toBe('number');
    expect(body.data.mentorSummary).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]).toMatchObject({ path: ['mentorSummary'], extensions: { code: 'FORBIDDEN', source: 'IBLAI' } });
    expect(gw.sims.iblai.count()).toBe(0);
  });

  it('applies the iblai org allow-list per field', async () => {
    reset();
    const { body } = await gw.query(
      `{ a: mentorSummary(org: "main", userId: "admin@main") { totalMentors } b: mentorDetail(org: "other", userId: "admin@main") { totalMentors } }`,
      undefined,
      as(PARTNER),
    );
    expect(body.data.a.totalMentors).toBeGreaterThan(0);
    expect(body.data.b).toBeNull();
    expect(body.errors.map((e: any) => [e.path[0], e.extensions.code])).toEqual([['b', 'FORBIDDEN']]);
    expect(gw.sims.iblai.count('/orgs/other/')).toBe(0);
  });

  it('applies the call-stats project allow-list', async () => {
    reset();
    const q = `query ($p: String!, $r: TimeRange!) { callStats(projectId: $p, range: $r, callMetrics: [{ metric: CALL_COUNT }]) { granularity } }`;
    const ok = await gw.query(q, { p: 'acme/support-bot', r: RANGE }, as(PARTNER));
    expect(ok.body.errors).toBeUndefined();
    const denied = await gw.query(q, { p: 'acme/sales-assistant', r: RANGE }, as(PARTNER));
    expect(denied.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', source: 'CALL_STATS' });
    expect(gw.sims.callStats.count()).toBe(1);
  });

  it('applies the Ejento id allow-list to ejentoEntity, ejentoEntities and the organization view', async () => {
    reset();
    const { body } = await gw.query(
      `{ ok: ejentoEntity(scope: PROJECT, id: "1") { id name }
         one: ejentoEntity(scope: PROJECT, id: "3") { id }
         many: ejentoEntities(scope: PROJECT, ids: ["1", "4"]) { id }
         fine: ejentoEntities(scope: PROJECT, ids: ["1", "2"]) { id }
         org: ejentoOrganization { entityCounts { projects } } }`,
      undefined,
      as(PARTNER),
    );
    expect(body.data.ok.id).toBe('1');
    expect(body.data.fine.map((e: any) => e.id)).toEqual(['1', '2']);
    expect(body.data.one).toBeNull();
    expect(body.data.many).toBeNull();
    expect(body.data.org).toBeNull();
    const denied = body.errors.map((e: any) => [e.path[0], e.extensions.code]).sort();
    expect(denied).toEqual([['many', 'FORBIDDEN'], ['one', 'FORBIDDEN'], ['org', 'FORBIDDEN']]);
  });

  it('gives a principal without a policy every source', async () => {
    const { body } = await gw.query(`{ mentorSummary(org: "main", userId: "admin@main") { totalMentors } callCounts { total } }`);
    expect(body.errors).toBeUndefined();
  });
});

describe('forwarded caller credentials', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ env: { IBLAI_FORWARD_AUTH_HEADER: 'x-iblai-authorization' } });
  });
  afterAll(async () => {
    await gw.close();
  });
  const MENTOR = (userId: string) => `{ mentorSummary(org: "main", userId: "${userId}") { totalMentors } }`;

  it("sends the caller's header value upstream instead of the gateway's credential", async () => {
    gw.sims.iblai.resetLog();
    const { body } = await gw.query(MENTOR('admin@main'), undefined, { 'x-iblai-authorization': `Api-Token ${IBLAI_DEMO_TOKEN}` });
    expect(body.data.mentorSummary.totalMentors).toBeGreaterThan(0);
    expect(gw.sims.iblai.requests[0]!.headers.authorization).toBe(`Api-Token ${IBLAI_DEMO_TOKEN}`);
  });

  it("maps the upstream's 401 for a forwarded credential to UNAUTHENTICATED", async () => {
    gw.sims.iblai.resetLog();
    const { status, body } = await gw.query(MENTOR('admin@main'), undefined, { 'x-iblai-authorization': 'Token some-user-session' });
    expect(status).toBe(200);
    expect(body.errors[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', source: 'IBLAI', upstreamStatus: 401 });
    expect(gw.sims.iblai.requests[0]!.headers.authorization).toBe('Token some-user-session');
    expect(JSON.stringify(body)).not.toContain('some-user-session');
    expect(gw.logs.join('\n')).not.toContain('some-user-session');
  });

  it("maps the upstream's 403 for a forwarded credential to FORBIDDEN", async () => {
    const { body } = await gw.query(MENTOR('not-an-admin'), undefined, { 'x-iblai-authorization': `Api-Token ${IBLAI_DEMO_TOKEN}` });
    expect(body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', source: 'IBLAI', upstreamStatus: 403 });
  });

  it("keeps UPSTREAM_REJECTED for the gateway's own credential", async () => {
    const { body } = await gw.query(MENTOR('not-an-admin'));
    expect(body.errors[0].extensions).toMatchObject({ code: 'UPSTREAM_REJECTED', source: 'IBLAI', upstreamStatus: 403 });
  });

  it('never coalesces reads of different forwarded credentials', async () => {
    gw.sims.iblai.resetLog();
    gw.sims.iblai.setFault({ delayMs: 150, times: 2 });
    await Promise.all([
      gw.query(MENTOR('admin@main'), undefined, { 'x-iblai-authorization': `Api-Token ${IBLAI_DEMO_TOKEN}` }),
      gw.query(MENTOR('admin@main'), undefined, { 'x-iblai-authorization': 'Token another-user' }),
    ]);
    gw.sims.iblai.setFault(null);
    expect(gw.sims.iblai.count('/mentor-summary/')).toBe(2);
  });
});

describe('a forwarded call-counts token', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    // The gateway's own service password is wrong: only the caller's token can work.
    gw = await startTestGateway({
      env: { CALL_COUNTS_FORWARD_AUTH_HEADER: 'x-call-counts-authorization' },
      sources: (sims) => ({ callCounts: { ...sims.sourcesConfig.callCounts!, password: 'not-the-password' } }),
    });
  });
  afterAll(async () => {
    await gw.close();
  });
  const TOTAL = '{ callCounts(range: { start: "2026-11-01T00:00:00Z", end: "2026-11-02T00:00:00Z" }) { total } }';
  const logins = () => gw.sims.callCounts.requests.filter((r) => r.path.endsWith('/login/service/')).length;

  it("is used as it is: no service login, no refresh, the caller's token upstream", async () => {
    // The caller logged in to call-counts itself.
    const login = await fetch(`${gw.sims.callCounts.url}/v1/login/service/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: CALL_COUNTS_DEMO_CONFIG.username, password: CALL_COUNTS_DEMO_CONFIG.password }),
    });
    const { token } = (await login.json()) as { token: string };
    gw.sims.callCounts.resetLog();
    const { body } = await gw.query(TOTAL, undefined, { 'x-call-counts-authorization': `Bearer ${token}` });
    expect(body.errors).toBeUndefined();
    expect(typeof body.data.callCounts.total).toBe('number');
    expect(logins()).toBe(0);
    expect(gw.sims.callCounts.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${token}`]);
  });

  it("answers a token call-counts refuses with UNAUTHENTICATED (the caller's), still without a service login", async () => {
    gw.sims.callCounts.resetLog();
    const { body } = await gw.query(TOTAL, undefined, { 'x-call-counts-authorization': 'Bearer not.a.token' });
    expect(body.data.callCounts).toBeNull();
    expect(body.errors[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', source: 'CALL_COUNTS', upstreamStatus: 401 });
    expect(logins()).toBe(0);
    expect(JSON.stringify(body) + gw.logs.join('\n')).not.toContain('not.a.token');
  });

  it("without the header, uses the gateway's own (here wrong) service account: UPSTREAM_REJECTED", async () => {
    const { body } = await gw.query(TOTAL);
    expect(body.errors[0].extensions).toMatchObject({ code: 'UPSTREAM_REJECTED', source: 'CALL_COUNTS' });
  });
});
