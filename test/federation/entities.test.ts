import { parse } from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSubgraphSchema } from '../../src/schema/buildSubgraphSchema.js';
import { DEMO_USERS } from '../../src/simulators/eventLog.js';
import { startTestGateway, TEST_API_KEY, type TestGateway } from '../support/startTestGateway.js';

const SIM_NOW = Date.parse('2026-10-20T12:00:00Z');
const RANGE = { start: '2026-10-01T00:00:00Z', end: '2026-10-15T00:00:00Z' };
const ids = (n: number, from = 1) => Array.from({ length: n }, (_, i) => String(from + i));
const users = (list: readonly string[]) => list.map((id) => ({ __typename: 'EjentoEntity', scope: 'USER', id }));

/** What a router sends a subgraph for an entity fetch. */
const ENTITIES = /* GraphQL */ `
  query ($representations: [_Any!]!, $w: EjentoWindow) {
    _entities(representations: $representations) {
      __typename
      ... on EjentoEntity { id scope name costs(window: $w) { total { amount } } }
      ... on EjentoCorpus { id documentCount(window: $w) }
    }
  }
`;

const PARTNER_KEY = 'partner-key-0123456789abcdef';
const ANALYST_KEY = 'analyst-key-0123456789abcdef';

// Both execution paths: graphql-jit compiles at first sight (the test default), and graphql-js.
describe.each([
  ['graphql-jit', '1'],
  ['graphql-js', '0'],
])('_entities on %s', (_name, jitAfter) => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({
      now: () => SIM_NOW,
      env: {
        GRAPHQL_JIT_AFTER: jitAfter,
        GATEWAY_API_KEYS: `test=${TEST_API_KEY},partner=${PARTNER_KEY},analyst=${ANALYST_KEY}`,
        // partner: Ejento entities 2 and 4 only; analyst: another source only.
        GATEWAY_POLICIES: JSON.stringify({ partner: { scopes: ['ejento'], ejentoIds: ['2', '4'] }, analyst: { scopes: ['iblai'] } }),
        MAX_QUERY_COST: '100',
      },
    });
  });
  afterAll(async () => {
    await gw.close();
  });

  it('answers 20 representations of one scope with ONE upstream request, in representation order', async () => {
    gw.sims.ejento.resetLog();
    const order = [...ids(20)].reverse();
    const { body } = await gw.query(ENTITIES, { representations: users(order), w: { range: RANGE } });
    expect(body.errors).toBeUndefined();
    expect(gw.sims.ejento.count('/users/costs')).toBe(1);
    const q = gw.sims.ejento.requests.find((r) => r.path.endsWith('/users/costs'))!.url.searchParams;
    expect([...q.getAll('user_id')].sort()).toEqual([...ids(20)].sort());
    expect(Number(q.get('limit'))).toBeGreaterThanOrEqual(20);
    // Names come with the cost rows: nothing else is asked.
    expect(gw.sims.ejento.requests).toHaveLength(1);
    const entities = body.data._entities;
    expect(entities.map((e: any) => e.id)).toEqual(order);
    expect(entities.every((e: any) => e.__typename === 'EjentoEntity' && e.scope === 'USER')).toBe(true);
    expect(entities.map((e: any) => e.name)).toEqual(order.map((id) => DEMO_USERS[Number(id) - 1]!.username));
    expect(entities.every((e: any) => /^\d+\.\d+$/.test(e.costs.total.amount))).toBe(true);
  });

  it('answers the same data as ejentoEntities', async () => {
    const direct = await gw.query(`query ($w: EjentoWindow) { ejentoEntities(scope: USER, ids: ["3", "1"]) { id name costs(window: $w) { total { amount } } } }`, { w: { range: RANGE } });
    const federated = await gw.query(ENTITIES, { representations: users(['3', '1']), w: { range: RANGE } });
    expect(federated.body.data._entities.map(({ __typename: _t, scope: _s, ...rest }: any) => rest)).toEqual(direct.body.data.ejentoEntities);
  });

  it('nulls only an invalid representation, with BAD_USER_INPUT at its index', async () => {
    gw.sims.ejento.resetLog();
    const reps = [...users(['1', 'x7', '3']), { __typename: 'EjentoEntity', scope: 'GALAXY', id: '4' }, ...users(['5'])];
    const { status, body } = await gw.query(ENTITIES, { representations: reps, w: { range: RANGE } });
    expect(status).toBe(200);
    const entities = body.data._entities;
    expect(entities.map((e: any) => e?.id ?? null)).toEqual(['1', null, '3', null, '5']);
    expect(body.errors.map((e: any) => [e.path, e.extensions.code])).toEqual([
      [['_entities', 1], 'BAD_USER_INPUT'],
      [['_entities', 3], 'BAD_USER_INPUT'],
    ]);
    expect(body.errors[0].message).toMatch(/`id` must be an Ejento id/);
    expect(body.errors[1].message).toMatch(/`scope` must be one of AGENT, PROJECT, TEAM, USER/);
    // The valid three still share one request.
    expect(gw.sims.ejento.count('/users/costs')).toBe(1);
  });

  it('answers a representation of a type that is no entity here with BAD_USER_INPUT at its index', async () => {
    const reps = [{ __typename: 'Planet', id: '1' }, ...users(['2']), { __typename: 'Money', amount: '1' }, 7, { id: '3' }];
    const { body } = await gw.query(ENTITIES, { representations: reps, w: { range: RANGE } });
    expect(body.data._entities.map((e: any) => e?.id ?? null)).toEqual([null, '2', null, null, null]);
    expect(body.errors.map((e: any) => [e.path, e.extensions.code])).toEqual([0, 2, 3, 4].map((i) => [['_entities', i], 'BAD_USER_INPUT']));
    expect(body.errors[0].message).toBe('The representation names "Planet", which is not an entity of this subgraph (entities: EjentoEntity, EjentoCorpus).');
    expect(body.errors[3].message).toMatch(/has no `__typename`/);
  });

  it('keeps the answer as long as the representations when the last ones fail', async () => {
    const invalid = await gw.query(ENTITIES, { representations: [...users(['1', '2', 'bad', 'worse'])], w: { range: RANGE } });
    expect(invalid.body.data._entities.map((e: any) => e?.id ?? null)).toEqual(['1', '2', null, null]);
    const refused = await gw.query(ENTITIES, { representations: users(['2', '4', '1', '3']), w: { range: RANGE } }, { 'x-api-key': PARTNER_KEY });
    expect(refused.body.data._entities.map((e: any) => e?.id ?? null)).toEqual(['2', '4', null, null]);
    const unknown = await gw.query(ENTITIES, { representations: [...users(['1']), { __typename: 'Planet', id: '9' }], w: { range: RANGE } });
    expect(unknown.body.data._entities.map((e: any) => e?.id ?? null)).toEqual(['1', null]);
  });

  it('resolves corpora by id', async () => {
    const { body } = await gw.query(ENTITIES, { representations: [{ __typename: 'EjentoCorpus', id: '1' }], w: { range: RANGE } });
    expect(body.errors).toBeUndefined();
    expect(body.data._entities).toEqual([{ __typename: 'EjentoCorpus', id: '1', documentCount: expect.any(Number) }]);
  });

  it("applies the caller's Ejento id allow-list to each representation", async () => {
    gw.sims.ejento.resetLog();
    const { body } = await gw.query(ENTITIES, { representations: users(['1', '2', '3', '4']), w: { range: RANGE } }, { 'x-api-key': PARTNER_KEY });
    expect(body.data._entities.map((e: any) => e?.id ?? null)).toEqual([null, '2', null, '4']);
    expect(body.errors.map((e: any) => [e.path, e.extensions.code, e.extensions.source])).toEqual([
      [['_entities', 0], 'FORBIDDEN', 'EJENTO'],
      [['_entities', 2], 'FORBIDDEN', 'EJENTO'],
    ]);
    const q = gw.sims.ejento.requests.find((r) => r.path.endsWith('/users/costs'))!.url.searchParams;
    expect(q.getAll('user_id').sort()).toEqual(['2', '4']);
  });

  it('refuses corpora to a caller with an id allow-list, like the organization view', async () => {
    const { body } = await gw.query(ENTITIES, { representations: [{ __typename: 'EjentoCorpus', id: '1' }] }, { 'x-api-key': PARTNER_KEY });
    expect(body.data._entities).toEqual([null]);
    expect(body.errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('refuses every representation of a source outside the caller’s scopes, before any upstream call', async () => {
    gw.sims.ejento.resetLog();
    const { body } = await gw.query(ENTITIES, { representations: users(['1', '2']) }, { 'x-api-key': ANALYST_KEY });
    expect(body.data._entities).toEqual([null, null]);
    expect(body.errors.map((e: any) => e.extensions.code)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    expect(gw.sims.ejento.requests).toHaveLength(0);
  });

  it('prices _entities by the number of representations', async () => {
    // Three objects per entity (the entity, its costs, their total): 30 fit under 100, 40 do not.
    const ok = await gw.query(ENTITIES, { representations: users(ids(30)), w: { range: RANGE } });
    expect(ok.body.errors).toBeUndefined();
    gw.sims.ejento.resetLog();
    const refused = await gw.query(ENTITIES, { representations: users(ids(40)), w: { range: RANGE } });
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', cost: 120, limit: 100 });
    expect(gw.sims.ejento.requests).toHaveLength(0);
  });
});

describe('_entities under graphql-jit', () => {
  it('compiles the entity document a router sends (so the jit path is the one taken)', () => {
    const compiled = compileQuery(buildSubgraphSchema(), parse(ENTITIES));
    expect(isCompiledQuery(compiled)).toBe(true);
  });
});
