import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/startTestGateway.js';

/** Every argument that becomes part of an upstream URL path. */
const PATH_ARGS: Array<[string, string, (v: string) => Record<string, unknown>]> = [
  ['org (userCosts)', `query ($a: String!, $b: String!) { userCosts(org: $a, userId: $b, range: { start: "2026-11-01T00:00:00Z" }) { totalCount } }`, (v) => ({ a: v, b: 'admin@main' })],
  ['userId (userCosts)', `query ($a: String!, $b: String!) { userCosts(org: $a, userId: $b, range: { start: "2026-11-01T00:00:00Z" }) { totalCount } }`, (v) => ({ a: 'main', b: v })],
  ['org (mentorSummary)', `query ($a: String!) { mentorSummary(org: $a, userId: "admin@main") { totalMentors } }`, (v) => ({ a: v })],
  ['userId (mentorDetail)', `query ($a: String!) { mentorDetail(org: "main", userId: $a) { totalMentors } }`, (v) => ({ a: v })],
  ['recoType (scenarioCallCounts)', `query ($a: String!) { scenarioCallCounts(recoType: $a, name: "home") { total } }`, (v) => ({ a: v })],
  ['name (scenarioCallCounts)', `query ($a: String!) { scenarioCallCounts(recoType: "item_to_item", name: $a) { total } }`, (v) => ({ a: v })],
];
const HOSTILE = ['..', '.', '/', 'a/b', '../admin', '%2F', 'a%2Fb', '%2e%2e', 'a?b=1', 'a#frag', 'a\u0000b', 'a b', 'a\\b', '', 'x'.repeat(129), 'ä', 'a\r\nX-Injected: 1'];

describe('input hygiene: path arguments', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw.close();
  });
  const upstreamCalls = () => gw.sims.iblai.count() + gw.sims.callCounts.count('/historical/');

  it.each(PATH_ARGS.flatMap(([name, query, vars]) => HOSTILE.map((v) => [name, JSON.stringify(v).slice(0, 30), query, vars(v)] as const)))(
    '%s = %s is BAD_USER_INPUT with no upstream call',
    async (_name, _shown, query, variables) => {
      gw.sims.iblai.resetLog();
      gw.sims.callCounts.resetLog();
      const { status, body } = await gw.query(query, variables);
      expect(status).toBe(200);
      expect(body.errors).toHaveLength(1);
      expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(upstreamCalls()).toBe(0);
    },
  );

  it('accepts the same arguments when they are well-formed', async () => {
    const [, summary, summaryVars] = PATH_ARGS[2]!;
    const [, detail, detailVars] = PATH_ARGS[3]!;
    expect((await gw.query(summary, summaryVars('main'))).body.errors).toBeUndefined();
    expect((await gw.query(detail, detailVars('admin@main'))).body.errors).toBeUndefined();
  });

  it.each(['abc', '1.5', '-1', '1e3', '0x10', '../1', ''])('refuses the non-numeric Ejento id %j before any call', async (id) => {
    gw.sims.ejento.resetLog();
    const { body } = await gw.query(`query ($id: ID!) { ejentoEntity(scope: PROJECT, id: $id) { id costs { total { amount } } } }`, { id });
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(gw.sims.ejento.count()).toBe(0);
  });
});
