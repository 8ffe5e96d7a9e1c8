import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, TEST_API_KEY, type TestGateway } from '../support/startTestGateway.js';

// Not one of the built-in trusted documents (those are known by hash from the start).
const Q = '{ gateway { demo version } }';
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe('automatic persisted queries: client mistakes', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw.close();
  });

  const post = async (body: unknown) => {
    const res = await fetch(`${gw.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': TEST_API_KEY },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  /** Log lines at warn (40) or above written while `run` ran. */
  const loudLines = async (run: () => Promise<void>) => {
    const before = gw.logs.length;
    await run();
    await new Promise((r) => setTimeout(r, 20)); // let any pending log write land
    return gw.logs.slice(before).filter((l) => JSON.parse(l).level >= 40);
  };

  it('answers a hash that does not match the sent query with 400 BAD_REQUEST, logged below warn', async () => {
    let r: Awaited<ReturnType<typeof post>> | undefined;
    const loud = await loudLines(async () => {
      r = await post({ query: Q, extensions: { persistedQuery: { version: 1, sha256Hash: sha256('{ other }') } } });
    });
    expect(r!.status).toBe(400);
    expect(r!.body.errors).toEqual([{ message: 'The persisted query hash does not match the document sent with it.', extensions: { code: 'BAD_REQUEST' } }]);
    expect(loud).toEqual([]);
  });

  it('answers an unsupported version with 400 PERSISTED_QUERY_VERSION_NOT_SUPPORTED, logged below warn', async () => {
    let r: Awaited<ReturnType<typeof post>> | undefined;
    const loud = await loudLines(async () => {
      r = await post({ query: Q, extensions: { persistedQuery: { version: 2, sha256Hash: sha256(Q) } } });
    });
    expect(r!.status).toBe(400);
    expect(r!.body.errors).toEqual([{ message: 'Unsupported persisted query version', extensions: { code: 'PERSISTED_QUERY_VERSION_NOT_SUPPORTED' } }]);
    expect(loud).toEqual([]);
  });

  it('still answers an unknown hash with PERSISTED_QUERY_NOT_FOUND, and serves a registered one', async () => {
    const hash = sha256(Q);
    const unknown = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });
    expect(unknown.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const registered = await post({ query: Q, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });
    expect(registered).toMatchObject({ status: 200, body: { data: { gateway: { demo: false, version: expect.any(String) } } } });
    expect(await post({ extensions: { persistedQuery: { version: 1, sha256Hash: hash } } })).toEqual(registered);
  });
});
