import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, TEST_API_KEY, type TestGateway } from '../support/startTestGateway.js';

const JSON_TYPE = 'application/json';
const GQL_TYPE = 'application/graphql-response+json';

interface Answer {
  status: number;
  type: string;
  headers: Headers;
  body: any;
}

async function answer(res: Response): Promise<Answer> {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: the test asserts on the text
  }
  return { status: res.status, type: res.headers.get('content-type') ?? '', headers: res.headers, body };
}

function post(gw: TestGateway, payload: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  return fetch(`${gw.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': TEST_API_KEY, ...headers },
    body: typeof payload === 'string' ? payload : JSON.stringify(payload),
  }).then(answer);
}

function get(gw: TestGateway, params: Record<string, string>, headers: Record<string, string> = {}): Promise<Answer> {
  const url = new URL(`${gw.url}/graphql`);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return fetch(url, { headers: { 'x-api-key': TEST_API_KEY, ...headers } }).then(answer);
}

const requestErrors: Array<[string, unknown, string]> = [
  ['a document that does not parse', { query: '{ gateway {' }, 'GRAPHQL_PARSE_FAILED'],
  ['a document that does not validate', { query: '{ noSuchField }' }, 'GRAPHQL_VALIDATION_FAILED'],
  ['variables that do not coerce', { query: 'query ($name: String!) { __type(name: $name) { name } }', variables: { name: null } }, 'BAD_USER_INPUT'],
  [
    'an operation deeper than MAX_DEPTH',
    { query: '{ userCosts(org: "main", userId: "admin@main", range: { start: "2026-11-01T00:00:00Z" }) { edges { node { sessions { cost { amount } } } } } }' },
    'QUERY_TOO_COMPLEX',
  ],
  ['a document over MAX_TOKENS', { query: `{ __typename ${'__typename '.repeat(300)} }` }, 'QUERY_TOO_COMPLEX'],
];

describe('status codes by media type', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ env: { INTROSPECTION: 'on', MAX_DEPTH: '4', MAX_TOKENS: '300', MAX_BODY_BYTES: '4096' } });
  });
  afterAll(async () => {
    await gw?.close();
  });

  for (const [what, payload, code] of requestErrors) {
    it(`answers ${what} with 200 and errors under application/json, 400 under application/graphql-response+json`, async () => {
      for (const accept of [undefined, JSON_TYPE, '*/*']) {
        const r = await post(gw, payload, accept ? { accept } : {});
        expect(r.status, `accept ${accept}`).toBe(200);
        expect(r.type).toContain(JSON_TYPE);
        expect(r.body.data).toBeUndefined();
        expect(r.body.errors[0].extensions.code).toBe(code);
      }
      const strict = await post(gw, payload, { accept: GQL_TYPE });
      expect(strict.status).toBe(400);
      expect(strict.type).toContain(GQL_TYPE);
      expect(strict.body.data).toBeUndefined();
      expect(strict.body.errors[0].extensions.code).toBe(code);
    });
  }

  it('answers in application/graphql-response+json when it is preferred, and says the answer varies by Accept', async () => {
    const r = await post(gw, { query: '{ __typename }' }, { accept: `${GQL_TYPE}, ${JSON_TYPE};q=0.9` });
    expect(r.status).toBe(200);
    expect(r.type).toBe(`${GQL_TYPE}; charset=utf-8`);
    expect(r.body).toEqual({ data: { __typename: 'Query' } });
    expect(r.headers.get('vary')).toContain('Accept');
    expect((await post(gw, { query: '{ __typename }' }, { accept: `${JSON_TYPE}, ${GQL_TYPE}` })).type).toBe(`${JSON_TYPE}; charset=utf-8`);
  });

  it('answers 406 when Accept allows neither GraphQL media type, before running anything', async () => {
    gw.sims.iblai.resetLog();
    const r = await post(gw, { query: '{ mentorSummary(org: "main", userId: "admin@main") { totalMentors } }' }, { accept: 'text/csv' });
    expect(r.status).toBe(406);
    expect(gw.sims.iblai.count()).toBe(0);
    expect(r.body.errors[0].extensions.code).toBe('BAD_REQUEST');
    expect((await post(gw, { query: '{ __typename }' }, { accept: `text/csv, ${JSON_TYPE};q=0` })).status).toBe(406);
  });

  it('keeps 401 for a missing credential under both media types, in the negotiated type', async () => {
    for (const accept of [JSON_TYPE, GQL_TYPE]) {
      const r = await fetch(`${gw.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', accept }, body: '{"query":"{ __typename }"}' }).then(answer);
      expect(r.status).toBe(401);
      expect(r.type).toContain(accept);
      expect(r.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
  });

  it('keeps 413 for a body over MAX_BODY_BYTES under both media types', async () => {
    for (const accept of [JSON_TYPE, GQL_TYPE]) {
      const r = await post(gw, { query: '{ __typename }', variables: { pad: 'x'.repeat(5000) } }, { accept });
      expect(r.status).toBe(413);
      expect(r.type).toContain(accept);
    }
  });

  it('keeps 405 with an allow header for another method, and for a mutation over GET', async () => {
    for (const accept of [JSON_TYPE, GQL_TYPE]) {
      const put = await fetch(`${gw.url}/graphql`, { method: 'PUT', headers: { 'content-type': 'application/json', 'x-api-key': TEST_API_KEY, accept }, body: '{"query":"{ __typename }"}' }).then(answer);
      expect(put.status).toBe(405);
      expect(put.headers.get('allow')).toBe('GET, POST');
      const mutation = await get(gw, { query: 'mutation { __typename }' }, { accept });
      expect(mutation.status).toBe(405);
      expect(mutation.headers.get('allow')).toBe('POST');
      expect(mutation.type).toContain(accept);
    }
    const named = await get(gw, { query: 'query Q { __typename } mutation M { __typename }', operationName: 'Q' });
    expect(named.body).toEqual({ data: { __typename: 'Query' } });
    expect((await get(gw, { query: 'query Q { __typename } mutation M { __typename }', operationName: 'M' })).status).toBe(405);
  });

  it('keeps 400 for a malformed HTTP request under both media types: bad JSON, no query, a query that is not a string', async () => {
    for (const accept of [JSON_TYPE, GQL_TYPE]) {
      expect((await post(gw, '{ "not json', { accept })).status).toBe(400);
      expect((await post(gw, { notquery: '{ __typename }' }, { accept })).status).toBe(400);
      expect((await post(gw, { query: { kind: 'Document' } }, { accept })).status).toBe(400);
      expect((await post(gw, { query: '{ __typename }', variables: 'x' }, { accept })).status).toBe(400);
      expect((await post(gw, { query: '{ __typename }', operationName: 1 }, { accept })).status).toBe(400);
    }
  });

  it('answers a body in another charset than UTF-8 with 415 and accepts an explicit utf-8', async () => {
    const latin1 = await post(gw, { query: '{ __typename }' }, { 'content-type': 'application/json; charset=iso-8859-1' });
    expect(latin1.status).toBe(415);
    const utf8 = await post(gw, { query: '{ __type(name: "Run🏃") { name } }' }, { 'content-type': 'application/json; charset=UTF-8' });
    expect(utf8.status).toBe(200);
    expect(utf8.body).toEqual({ data: { __type: null } });
  });

  it('answers plain GETs of queries without a preflight header, with URL-encoded JSON variables and extensions', async () => {
    const r = await get(gw, {
      query: 'query T($name: String!) { __type(name: $name) { name } }',
      variables: JSON.stringify({ name: 'Query' }),
      extensions: JSON.stringify({ some: 'value' }),
    });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ data: { __type: { name: 'Query' } } });
    expect((await get(gw, { query: '{ __typename }', variables: '{not json' })).status).toBe(400);
  });
});

describe('with CSRF prevention off (the default)', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('never runs the body of a form or text POST (the requests a hostile page can send without a preflight)', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      gw.sims.iblai.resetLog();
      const r = await post(gw, { query: '{ mentorSummary(org: "main", userId: "admin@main") { totalMentors } }' }, { 'content-type': type });
      expect(r.status, type).toBe(400);
      expect(r.body.errors[0].extensions.code).toBe('BAD_REQUEST');
      expect(gw.sims.iblai.count()).toBe(0);
    }
  });
});

describe('CSRF_PREVENTION=on', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ env: { CSRF_PREVENTION: 'on' } });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it("restores Apollo's rule: a GET needs a preflight header, a JSON POST does not", async () => {
    const blocked = await get(gw, { query: '{ __typename }' });
    expect(blocked.status).toBe(400);
    expect(blocked.body.errors[0].message).toContain('Cross-Site Request Forgery');
    expect((await get(gw, { query: '{ __typename }' }, { 'apollo-require-preflight': 'true' })).body).toEqual({ data: { __typename: 'Query' } });
    expect((await post(gw, { query: '{ __typename }' })).status).toBe(200);
  });
});

describe('rate limiting under both media types', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ env: { RATE_LIMIT_RPS: '1', RATE_LIMIT_BURST: '1' } });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('keeps 429 under application/json and application/graphql-response+json', async () => {
    for (const accept of [JSON_TYPE, GQL_TYPE]) {
      let limited: Answer | undefined;
      for (let i = 0; i < 10 && !limited; i++) {
        const r = await post(gw, { query: '{ __typename }' }, { accept });
        if (r.status === 429) limited = r;
      }
      expect(limited, `no 429 under ${accept}`).toBeDefined();
      expect(limited!.type).toContain(accept);
      expect(limited!.body.errors[0].extensions.code).toBe('RATE_LIMITED');
    }
  });
});
