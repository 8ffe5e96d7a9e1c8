import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/loadConfig.js';
import { measureDocumentShape } from '../../src/limits/measureDocumentShape.js';
import { startTestGateway, type TestGateway } from '../support/startTestGateway.js';

const nestedInline = (levels: number, inner = 'gateway { demo }') => `{ ${'... on Query { '.repeat(levels)}${inner}${' }'.repeat(levels)} }`;
/** `{ ...F1 }` and fragments F1 … Fn on Query, each spreading the next; the last selects `inner`. */
const spreadChain = (n: number, inner = 'gateway { demo }') =>
  `{ ...F1 } ${Array.from({ length: n }, (_, i) => `fragment F${i + 1} on Query { ${i + 1 < n ? `...F${i + 2}` : inner} }`).join(' ')}`;
/** Each of `levels` fragments spreads the next `fanOut` times: fanOut^levels selections once expanded. */
const fanOut = (levels: number, fanOut: number) =>
  `{ ...F1 } ${Array.from({ length: levels }, (_, i) => `fragment F${i + 1} on Query { ${i + 1 < levels ? `...F${i + 2} `.repeat(fanOut) : 'gateway { demo }'} }`).join(' ')}`;

describe('the document shape, measured before validation', () => {
  const measure = (q: string) => measureDocumentShape(parse(q));

  it('counts every inline fragment and fragment spread as a level of depth', () => {
    expect(measure('{ gateway { demo } }').depth).toBe(2);
    expect(measure('{ ... on Query { gateway { demo } } }').depth).toBe(3);
    expect(measure(nestedInline(900)).depth).toBeGreaterThanOrEqual(900);
    expect(measure(spreadChain(20)).depth).toBe(22);
  });

  it('counts aliases per operation, again for every spread of a fragment', () => {
    const m = measure('query A { ...F ...F x: gateway { demo } } query B { y: gateway { demo } } fragment F on Query { a: gateway { demo } b: gateway { demo } }');
    expect(m).toMatchObject({ aliases: 5, spreads: 2 });
  });

  it('measures fragments no operation uses', () => {
    expect(measure(`{ gateway { demo } } fragment Unused on Query { ${'... { '.repeat(50)}__typename${' }'.repeat(50)} }`).depth).toBeGreaterThan(50);
  });

  it('does not follow fragment cycles or unknown fragments', () => {
    const m = measure('{ ...A } fragment A on Query { ...B } fragment B on Query { ...A ...Missing }');
    expect(m).toMatchObject({ truncated: false, spreads: 4, depth: 3 });
  });

  it('stops counting once fragment expansion passes maxSelections', () => {
    const m = measureDocumentShape(parse(fanOut(6, 10)), { maxSelections: 50_000 });
    expect(m.truncated).toBe(true);
    expect(m.selections).toBe(50_001);
  });

  it('lets every GraphiQL example through at the default limits', () => {
    const { limits } = loadConfig({});
    const dir = join(process.cwd(), 'graphiql/examples');
    const files = readdirSync(dir).filter((f) => f.endsWith('.graphql'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const m = measure(readFileSync(join(dir, f), 'utf8'));
      expect(m.depth, f).toBeLessThanOrEqual(limits.maxDepth);
      expect(m.aliases, f).toBeLessThanOrEqual(limits.maxAliases);
    }
  });
});

describe('pre-validation limits over HTTP (defaults: MAX_DEPTH 12, MAX_ALIASES 64)', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw.close();
  });

  // Refused before any upstream call: 400 under graphql-response+json, 200 with errors under
  // application/json (GraphQL over HTTP).
  const refused = async (query: string) => {
    const json = await gw.query(query, undefined, { accept: 'application/json' });
    expect(json.status).toBe(200);
    expect(json.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    const { status, body } = await gw.query(query, undefined, { accept: 'application/graphql-response+json' });
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    return body.errors[0];
  };

  it('refuses 900 nested inline fragments (under the token limit) as too deep', async () => {
    const doc = nestedInline(900);
    expect(doc.length).toBeGreaterThan(14_000);
    const e = await refused(doc);
    expect(e.message).toMatch(/^The document is \d+ levels deep, counting fragments; the limit is 12\.$/);
    expect(e.extensions.depth).toBeGreaterThanOrEqual(900);
    expect(e.extensions.limit).toBe(12);
  });

  it('refuses a document whose depth passes the limit only through fragment spreads', async () => {
    const e = await refused(spreadChain(12)); // two field levels, twelve spreads
    expect(e.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', depth: 14, limit: 12 });
    expect(e.message).toContain('14 levels deep');
  });

  it('refuses a document whose fragment spreads expand past the bound, before validating it', async () => {
    const e = await refused(fanOut(6, 10));
    expect(e.message).toContain('expand to more than 50000 selections');
    expect(e.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 50_000 });
  });

  it('refuses aliases multiplied by fragment spreads, even in a document that would not validate', async () => {
    const aliases = Array.from({ length: 10 }, (_, i) => `a${i}: noSuchField`).join(' ');
    const e = await refused(`{ ${'...F '.repeat(7)} } fragment F on Query { ${aliases} }`);
    expect(e.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', aliases: 70, limit: 64 });
  });

  it('refuses a repeated document every time, and serves a repeated fragment document through the compiled path', async () => {
    for (let i = 0; i < 3; i++) await refused(spreadChain(12));
    const ok = spreadChain(5);
    const first = await gw.query(ok);
    const second = await gw.query(ok); // compiled by graphql-jit (GRAPHQL_JIT_AFTER=1)
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ data: { gateway: { demo: false } } });
    expect(second.body).toEqual(first.body);
  });

  it('leaves a document that does not parse to the parser', async () => {
    const { status, body } = await gw.query('{ gateway { demo }', undefined, { accept: 'application/graphql-response+json' });
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
  });
});
