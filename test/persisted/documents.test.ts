import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectExamples } from '../../graphiql/src/examples.js';
import { documentHash, readDocumentsConfig } from '../../src/config/documentsConfig.js';
import { loadConfig } from '../../src/config/loadConfig.js';
import { builtInDocuments, PAGE_DOCUMENTS } from '../../src/persisted/builtInDocuments.js';
import { COST_REPORT_QUERY } from '../../dashboard/src/report.js';
import { startTestGateway, TEST_API_KEY, type TestGateway } from '../support/startTestGateway.js';

const VERSION = '{ gateway { version } }';
const TRUSTED = 'query Trusted { gateway { version demo } }';
const ROUTER_KEY = 'router-key-0123456789abcdef';
const STAR_KEY = 'star-key-0123456789abcdef';
const apq = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });

async function send(gw: TestGateway, body: unknown, key = TEST_API_KEY) {
  const res = await fetch(`${gw.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
}

describe('persisted queries (APQ) as Apollo does them', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(() => gw?.close());

  it('registers a document with its sha256 and then runs it by the hash alone', async () => {
    const hash = documentHash(VERSION);
    const unknown = await send(gw, { extensions: apq(hash) });
    expect(unknown.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect((await send(gw, { query: VERSION, extensions: apq(hash) })).body.errors).toBeUndefined();
    const byHash = await send(gw, { extensions: apq(hash) });
    expect(byHash.body.data.gateway.version).toEqual(expect.any(String));
  });

  it('refuses a hash that does not match its document with 400 BAD_REQUEST', async () => {
    const res = await send(gw, { query: VERSION, extensions: apq(documentHash('{ other }')) });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('BAD_REQUEST');
  });
});

describe('trusted documents', () => {
  let dir: string;
  let manifest: string;
  let open: TestGateway;
  let only: TestGateway;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'trusted-docs-'));
    manifest = join(dir, 'manifest.json');
    writeFileSync(manifest, JSON.stringify({ [documentHash(TRUSTED)]: TRUSTED }));
    const keys = `test=${TEST_API_KEY},router=${ROUTER_KEY},star=${STAR_KEY}`;
    const policies = JSON.stringify({ router: { scopes: ['*', 'any-document'] }, star: { scopes: ['*'] } });
    [open, only] = await Promise.all([
      startTestGateway({ env: { TRUSTED_DOCUMENTS: manifest } }),
      startTestGateway({ env: { TRUSTED_DOCUMENTS: manifest, TRUSTED_DOCUMENTS_ONLY: 'true', GATEWAY_API_KEYS: keys, GATEWAY_POLICIES: policies } }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([open?.close(), only?.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('run by their sha256 as the APQ extension or as documentId', async () => {
    const hash = documentHash(TRUSTED);
    for (const body of [{ extensions: apq(hash) }, { documentId: hash }, { documentId: `sha256:${hash}` }]) {
      const res = await send(open, body);
      expect(res.body.errors, JSON.stringify(body)).toBeUndefined();
      expect(res.body.data.gateway.demo).toBe(false);
    }
    const get = await fetch(`${open.url}/graphql?documentId=${hash}`, { headers: { 'x-api-key': TEST_API_KEY, 'apollo-require-preflight': 'true' } });
    expect(((await get.json()) as any).data.gateway.demo).toBe(false);
  });

  it('leave other documents alone when not exclusive; an unknown documentId is PERSISTED_QUERY_NOT_FOUND', async () => {
    expect((await send(open, { query: VERSION })).body.errors).toBeUndefined();
    const unknown = await send(open, { documentId: documentHash('{ nothing }') });
    expect(unknown.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('with TRUSTED_DOCUMENTS_ONLY refuse any other operation before parsing, with 400 PERSISTED_QUERY_NOT_IN_LIST', async () => {
    for (const body of [{ query: VERSION }, { query: '{ not even GraphQL' }, { extensions: apq(documentHash(VERSION)) }, { documentId: documentHash('{ x }') }]) {
      const res = await send(only, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
    }
    expect((await send(only, { query: TRUSTED })).body.errors).toBeUndefined();
    expect((await send(only, { documentId: documentHash(TRUSTED) })).body.errors).toBeUndefined();
  });

  it('with TRUSTED_DOCUMENTS_ONLY still run the GraphiQL examples as GraphiQL sends them, and its page documents', async () => {
    const dirOf = join(process.cwd(), 'graphiql/examples');
    const read = (ext: string) => Object.fromEntries(readdirSync(dirOf).filter((n) => n.endsWith(ext)).map((n) => [n, readFileSync(join(dirOf, n), 'utf8')]));
    const examples = collectExamples(read('.graphql'), read('.json'));
    expect(examples.length).toBeGreaterThan(5);
    for (const ex of examples) {
      const res = await send(only, { query: ex.query, variables: ex.variables ? JSON.parse(ex.variables) : undefined });
      expect(res.body.errors?.[0]?.extensions?.code, ex.id).not.toBe('PERSISTED_QUERY_NOT_IN_LIST');
      expect(res.status, ex.id).toBe(200);
    }
    expect((await send(only, { query: '{ gateway { demo } }' })).status).toBe(200);
  });

  it('exempt principals with the any-document scope, which * does not include', async () => {
    expect((await send(only, { query: VERSION }, ROUTER_KEY)).body.errors).toBeUndefined();
    expect((await send(only, { query: VERSION }, STAR_KEY)).body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
  });
});

describe('the trusted-documents manifest', () => {
  it("holds the GraphiQL page's own documents (graphiql/src/fetcher.ts)", () => {
    const fetcher = readFileSync(join(process.cwd(), 'graphiql/src/fetcher.ts'), 'utf8');
    const sent = [...fetcher.matchAll(/query: '([^']+)'/g)].map((m) => m[1]);
    expect(sent.length).toBeGreaterThan(0);
    for (const d of sent) expect(PAGE_DOCUMENTS).toContain(d);
    const built = builtInDocuments();
    for (const d of PAGE_DOCUMENTS) expect(built[documentHash(d)]).toBe(d);
  });

  it("holds the dashboard's costReport operation exactly as the page sends it", () => {
    const file = readFileSync(join(process.cwd(), 'dashboard/documents/costReport.graphql'), 'utf8').trimEnd();
    expect(COST_REPORT_QUERY).toBe(file);
    expect(builtInDocuments()[documentHash(COST_REPORT_QUERY)]).toBe(COST_REPORT_QUERY);
  });

  it("accepts Apollo's persisted-query manifest format", () => {
    const dir = mkdtempSync(join(tmpdir(), 'apollo-manifest-'));
    try {
      const file = join(dir, 'm.json');
      writeFileSync(file, JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations: [{ id: documentHash(TRUSTED), name: 'Trusted', type: 'query', body: TRUSTED }] }));
      expect(readDocumentsConfig({ TRUSTED_DOCUMENTS: file }).trusted).toEqual({ [documentHash(TRUSTED)]: TRUSTED });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a manifest that is not one, or whose key is not its document’s sha256, naming TRUSTED_DOCUMENTS', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bad-manifest-'));
    try {
      const file = join(dir, 'm.json');
      for (const content of ['not json', '[]', JSON.stringify({ abc: TRUSTED }), JSON.stringify({ [documentHash('{ a }')]: TRUSTED })]) {
        writeFileSync(file, content);
        expect(() => loadConfig({ TRUSTED_DOCUMENTS: file }), content).toThrow(/TRUSTED_DOCUMENTS/);
      }
      expect(() => loadConfig({ TRUSTED_DOCUMENTS: join(dir, 'missing.json') })).toThrow(/TRUSTED_DOCUMENTS must name a readable file/);
      expect(() => loadConfig({ TRUSTED_DOCUMENTS_ONLY: 'maybe' })).toThrow('TRUSTED_DOCUMENTS_ONLY must be true or false, but got: "maybe"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
