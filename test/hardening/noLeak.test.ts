import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SimFault, SimulatorServer } from '../../src/simulators/startSimulatorServer.js';
import { expectNoLeak, upstreamSecrets } from '../support/expectNoLeak.js';
import { startTestGateway, type TestGateway } from '../support/startTestGateway.js';

/**
 * Every upstream failure mode, on each source in turn, through the whole gateway: the failing
 * source's fields fail with a stable code and `source`, the healthy sources still answer, and
 * no URL, header, credential or raw upstream body reaches the response or the log.
 */
const SECRET = 'sk-LEAK-CANARY-7f3a9c';
const OPERATION = /* GraphQL */ `{
  mentorSummary(org: "main", userId: "admin@main") { totalMentors }
  callCounts(range: { start: "2026-11-01T00:00:00Z", end: "2026-11-02T00:00:00Z" }) { total }
  callStats(projectId: "acme/support-bot", range: { start: "2026-11-01T00:00:00Z", end: "2026-11-02T00:00:00Z" }, callMetrics: [{ metric: CALL_COUNT }]) {
    granularity callBuckets(first: 1) { edges { node { count } } }
  }
  ejentoEntity(scope: PROJECT, id: "1") { id costs { total { amount } } }
}`;
type Key = 'iblai' | 'callCounts' | 'callStats' | 'ejento';
const SOURCES: Record<Key, { name: string; field: string }> = {
  iblai: { name: 'IBLAI', field: 'mentorSummary' },
  callCounts: { name: 'CALL_COUNTS', field: 'callCounts' },
  callStats: { name: 'CALL_STATS', field: 'callStats' },
  ejento: { name: 'EJENTO', field: 'ejentoEntity' },
};
const secretBody = { detail: `db at postgres://admin:${SECRET}@10.0.0.7/prod`, reason: SECRET, message: SECRET, error_code: 1, success: false, statusCode: 500 };

const MODES: Array<[string, SimFault, readonly string[]]> = [
  ['a 500 whose body holds a secret', { status: 500, body: secretBody }, ['UPSTREAM_UNAVAILABLE']],
  ['a 502', { status: 502, body: secretBody }, ['UPSTREAM_UNAVAILABLE']],
  ['a 503 with a secret in the body', { status: 503, raw: `<html>${SECRET}</html>` }, ['UPSTREAM_UNAVAILABLE']],
  ['a 504', { status: 504, body: secretBody }, ['UPSTREAM_TIMEOUT']],
  ['a 400 whose body holds a secret', { status: 400, body: secretBody }, ['UPSTREAM_REJECTED', 'UPSTREAM_BAD_RESPONSE']],
  ['a 401', { status: 401, body: secretBody }, ['UPSTREAM_REJECTED']],
  ['a 403', { status: 403, body: secretBody }, ['UPSTREAM_REJECTED']],
  ['a 429 with a far Retry-After', { status: 429, body: secretBody, headers: { 'retry-after': '30' } }, ['RATE_LIMITED']],
  ['malformed JSON holding a secret', { status: 200, raw: `{"token": "${SECRET}", ` }, ['UPSTREAM_BAD_RESPONSE']],
  ['JSON of the wrong shape holding a secret', { status: 200, body: { unexpected: SECRET } }, ['UPSTREAM_BAD_RESPONSE']],
  ['a connection reset', { reset: true }, ['UPSTREAM_UNAVAILABLE']],
  ['a hanging backend', { hang: true }, ['UPSTREAM_TIMEOUT']],
  ['a slow body', { status: 200, raw: '{"a": 1}', slowBodyMs: 3000 }, ['UPSTREAM_TIMEOUT']],
];

describe('no leaks under every upstream failure mode', () => {
  let gw: TestGateway;
  let forbidden: string[];
  beforeAll(async () => {
    // Long enough that healthy sources answer on a loaded CI machine; hangs still end in time.
    gw = await startTestGateway({ env: { REQUEST_TIMEOUT_MS: '1500' } });
    forbidden = upstreamSecrets(
      gw.sims.servers,
      ['demo-iblai-platform-key', 'demo-password', 'demo-call-stats-key', 'demo-subscription-key', 'demo-ejento-token'],
      [SECRET, '10.0.0.7', '127.0.0.1', 'localhost', 'Api-Token', 'Basic ', 'Bearer ', '/api/ai-analytics', '/api/v2/analytics', 'historical/', '/calls/stats', 'stack'],
    );
  });
  afterAll(async () => {
    await gw.close();
  });
  afterEach(() => {
    for (const s of gw.sims.servers) s.setFault(null);
  });

  const cases = (Object.keys(SOURCES) as Key[]).flatMap((key) => MODES.map(([mode, fault, codes]) => [key, mode, fault, codes] as const));

  it.each(cases)('%s: %s', { timeout: 15_000 }, async (key, _mode, fault, codes) => {
    (gw.sims[key] as SimulatorServer).setFault({ ...fault });
    const { status, body } = await gw.query(OPERATION);
    (gw.sims[key] as SimulatorServer).setFault(null);
    expect(status).toBe(200);
    const { name, field } = SOURCES[key];
    // Healthy sources answer.
    for (const [other, s] of Object.entries(SOURCES)) {
      if (other === key) continue;
      expect(body.data[s.field], `${s.field} should survive a failing ${name}: ${JSON.stringify(body.errors)}`).not.toBeNull();
    }
    // The failing source: stable codes, tagged with the source, nothing else.
    const errors = (body.errors ?? []) as Array<{ message: string; path: string[]; extensions: Record<string, unknown> }>;
    // Ejento tolerates an envelope without `success`/`data` as "no rows" (its client's choice);
    // every other mode must fail the source's field.
    if (!(key === 'ejento' && _mode.startsWith('JSON of the wrong shape'))) expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) {
      expect(e.path[0]).toBe(field);
      expect(e.extensions.source).toBe(name);
      expect(codes).toContain(e.extensions.code);
      expect(Object.keys(e.extensions).every((k) => ['code', 'source', 'upstreamStatus', 'retryAfter'].includes(k))).toBe(true);
    }
    if (codes[0] === 'RATE_LIMITED') expect(errors[0]!.extensions.retryAfter).toBe(30);
    expectNoLeak(JSON.stringify(body), forbidden);
  });

  it('wrote none of it to the log either', () => {
    const all = gw.logs.join('\n');
    expect(gw.logs.length).toBeGreaterThan(0);
    expectNoLeak(all, forbidden.filter((x) => !['stack', '127.0.0.1', 'localhost'].includes(x) && !x.startsWith(':')), 'log');
  });
});
