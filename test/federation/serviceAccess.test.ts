import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/loadConfig.js';
import { startTestGateway, TEST_API_KEY, type TestGateway } from '../support/startTestGateway.js';

const SERVICE = '{ _service { sdl } }';
const ROUTER_KEY = 'router-key-0123456789abcdef';
const ANALYST_KEY = 'analyst-key-0123456789abcdef';
const KEYS = {
  GATEWAY_API_KEYS: `test=${TEST_API_KEY},router=${ROUTER_KEY},analyst=${ANALYST_KEY}`,
  GATEWAY_POLICIES: JSON.stringify({ router: { scopes: ['federation'] }, analyst: { scopes: ['ejento'] } }),
};

describe('_service { sdl } with introspection off', () => {
  let gw: TestGateway;
  let anonymous: TestGateway;
  beforeAll(async () => {
    [gw, anonymous] = await Promise.all([
      startTestGateway({ env: { INTROSPECTION: 'off', ...KEYS } }),
      startTestGateway({ env: { INTROSPECTION: 'off', AUTH: 'off' } }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([gw.close(), anonymous.close()]);
  });

  it('answers a key whose policy is every scope (`*`, the default)', async () => {
    const { body } = await gw.query(SERVICE);
    expect(body.errors).toBeUndefined();
    expect(body.data._service.sdl).toMatch(/@key\(fields: "scope id"\)/);
  });

  it('answers a key with the federation scope alone', async () => {
    const { body } = await gw.query(SERVICE, undefined, { 'x-api-key': ROUTER_KEY });
    expect(body.errors).toBeUndefined();
    expect(body.data._service.sdl).toContain('type EjentoEntity');
  });

  it('refuses a key without the federation scope with FORBIDDEN', async () => {
    const { body } = await gw.query(SERVICE, undefined, { 'x-api-key': ANALYST_KEY });
    expect(body.data).toBeNull();
    expect(body.errors).toEqual([expect.objectContaining({ path: ['_service'], extensions: { code: 'FORBIDDEN' } })]);
    expect(body.errors[0].message).toMatch(/needs the `federation` scope/);
  });

  it('refuses an anonymous caller (AUTH=off in live mode) with UNAUTHENTICATED', async () => {
    const { body } = await anonymous.query(SERVICE);
    expect(body.data).toBeNull();
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(body.errors[0].message).toMatch(/Introspection is off/);
  });

  it('still lets an anonymous caller query data', async () => {
    const { body } = await anonymous.query('{ gateway { demo } }');
    expect(body).toEqual({ data: { gateway: { demo: false } } });
  });

  it('keeps the federation scope to _service: a router key also needs the scopes of the sources it reads', async () => {
    const { body } = await gw.query('query ($r: [_Any!]!) { _entities(representations: $r) { ... on EjentoEntity { id } } }', { r: [{ __typename: 'EjentoEntity', scope: 'USER', id: '1' }] }, { 'x-api-key': ROUTER_KEY });
    expect(body.data._entities).toEqual([null]);
    expect(body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', source: 'EJENTO' });
  });
});

describe('_service { sdl } with introspection on', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ env: { INTROSPECTION: 'on', AUTH: 'off' } });
  });
  afterAll(async () => {
    await gw.close();
  });

  it('answers anyone, as introspection does', async () => {
    const { body } = await gw.query(SERVICE);
    expect(body.errors).toBeUndefined();
    expect(body.data._service.sdl).toMatch(/specs\.apollo\.dev\/federation\/v2/);
  });
});

describe('the federation scope', () => {
  it('is part of the policy vocabulary', () => {
    const config = loadConfig({ ...KEYS, AUTH: 'on' });
    expect(config.auth.vocabulary.scopes).toContain('federation');
    expect(config.auth.apiKeys.find((k) => k.name === 'router')!.policy.scopes).toEqual(['federation']);
  });
});
