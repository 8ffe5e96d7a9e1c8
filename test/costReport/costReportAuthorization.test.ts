import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TEST_API_KEY, startTestGateway, type TestGateway } from '../support/startTestGateway.js';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const PARTNER = 'partner-key-abcdefghijklmnop';
const ANALYST = 'analyst-key-abcdefghijklmnop';
const policies = {
  partner: { scopes: ['iblai', 'ejento', 'callStats'], iblaiOrgs: ['main'], ejentoIds: ['1', '2'], callStatsProjects: ['acme/support-bot'] },
  analyst: { scopes: ['callCounts'] },
};
const REPORT = `query ($sources: CostReportSources!) {
  costReport(range: { start: "2026-11-02T00:00:00Z", end: "2026-11-04T00:00:00Z" }, bucket: DAY, sources: $sources) {
    buckets { bySource { source cost { amount } } }
    total { amount }
    sources { source status reason code }
  }
}`;
const IBLAI = { org: 'main', userId: 'admin@main' };
const as = (key: string) => ({ 'x-api-key': key });

describe('costReport authorizes each included source like its own fields', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({
      env: { GATEWAY_API_KEYS: `test=${TEST_API_KEY},partner=${PARTNER},analyst=${ANALYST}`, GATEWAY_POLICIES: JSON.stringify(policies) },
      now: () => NOW,
      pinGatewayClock: true,
    });
  });
  afterAll(async () => {
    await gw?.close();
  });
  beforeEach(() => gw.sims.resetLogs());

  it('answers the allowed sources and marks a denied one FAILED with FORBIDDEN, without calling it', async () => {
    // The partner's Ejento allow-list names entities, so the organization-wide view is denied
    // (as `ejentoOrganization` is); its iblai org and call-stats project are allowed.
    const { body } = await gw.query(REPORT, { sources: { iblai: IBLAI, callStats: { projectId: 'acme/support-bot' }, ejento: {} } }, as(PARTNER));
    expect(body.errors).toBeUndefined();
    expect(body.data.costReport.sources.map((s: any) => [s.source, s.status, s.code])).toEqual([
      ['IBLAI', 'EXACT', null],
      ['CALL_STATS', 'EXACT', null],
      ['EJENTO', 'FAILED', 'FORBIDDEN'],
    ]);
    expect(body.data.costReport.sources[2].reason).toMatch(/organization-wide Ejento data/);
    expect(body.data.costReport.buckets[0].bySource.map((s: any) => s.source)).toEqual(['IBLAI', 'CALL_STATS']);
    expect(gw.sims.ejento.count()).toBe(0);
  });

  it("checks each source's allow-list against the report's input", async () => {
    const allowed = await gw.query(REPORT, { sources: { ejento: { scope: 'PROJECT', id: '2' } } }, as(PARTNER));
    expect(allowed.body.data.costReport.sources).toEqual([{ source: 'EJENTO', status: 'EXACT', reason: null, code: null }]);
    gw.sims.resetLogs();
    const denied = await gw.query(
      REPORT,
      { sources: { iblai: { org: 'other', userId: 'admin@main' }, callStats: { projectId: 'acme/sales-assistant' }, ejento: { scope: 'PROJECT', id: '3' } } },
      as(PARTNER),
    );
    expect(denied.body.data).toEqual({ costReport: null });
    expect(denied.body.errors.map((e: any) => [e.path, e.extensions.source, e.extensions.code])).toEqual([
      [['costReport'], 'IBLAI', 'FORBIDDEN'],
      [['costReport'], 'CALL_STATS', 'FORBIDDEN'],
      [['costReport'], 'EJENTO', 'FORBIDDEN'],
    ]);
    expect(gw.sims.servers.map((s) => s.count())).toEqual([0, 0, 0, 0]);
  });

  it('refuses every source outside the caller’s scopes', async () => {
    const { body } = await gw.query(REPORT, { sources: { iblai: IBLAI, ejento: {} } }, as(ANALYST));
    expect(body.data.costReport).toBeNull();
    expect(body.errors.map((e: any) => [e.extensions.source, e.extensions.code, e.message])).toEqual([
      ['IBLAI', 'FORBIDDEN', 'This caller may not read the IBLAI source.'],
      ['EJENTO', 'FORBIDDEN', 'This caller may not read the EJENTO source.'],
    ]);
    expect(gw.sims.servers.map((s) => s.count())).toEqual([0, 0, 0, 0]);
  });
});

describe('costReport with a source this gateway has not configured', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ sources: () => ({ ejento: null }), now: () => NOW, pinGatewayClock: true });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('reports it FAILED with SOURCE_NOT_CONFIGURED naming its variable, and answers the others', async () => {
    const { body } = await gw.query(REPORT, { sources: { iblai: IBLAI, ejento: {} } });
    expect(body.errors).toBeUndefined();
    expect(body.data.costReport.sources).toEqual([
      { source: 'IBLAI', status: 'EXACT', reason: null, code: null },
      { source: 'EJENTO', status: 'FAILED', reason: expect.stringContaining('EJENTO_BASE_URL'), code: 'SOURCE_NOT_CONFIGURED' },
    ]);
  });
});
