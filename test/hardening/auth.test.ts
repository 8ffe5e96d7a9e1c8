import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, exportJWK, exportSPKI, generateKeyPair } from 'jose';
import { loadConfig } from '../../src/config/loadConfig.js';
import { startTestGateway, type TestGateway } from '../support/startTestGateway.js';

const MENTOR = '{ mentorSummary(org: "main", userId: "admin@main") { totalMentors } }';
const PARTNER_KEY = 'partner-key-abcdefghijklmnop';
const ISSUER = 'https://issuer.example';
const AUDIENCE = 'analytics-gateway';

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;

async function token(keys: KeyPair, claims: Record<string, unknown> = {}, opts: { iss?: string; aud?: string; exp?: string | number; sub?: string; alg?: string; kid?: string } = {}) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: opts.alg ?? 'RS256', kid: opts.kid ?? 'k1' })
    .setIssuer(opts.iss ?? ISSUER)
    .setAudience(opts.aud ?? AUDIENCE)
    .setSubject(opts.sub ?? 'svc-dashboard')
    .setIssuedAt()
    .setExpirationTime(opts.exp ?? '5m')
    .sign(keys.privateKey);
}

describe('caller authentication over HTTP (live mode)', () => {
  let gw: TestGateway;
  let keys: KeyPair;
  let other: KeyPair;
  beforeAll(async () => {
    keys = await generateKeyPair('RS256', { extractable: true });
    other = await generateKeyPair('RS256', { extractable: true });
    const dir = mkdtempSync(join(tmpdir(), 'gw-jwks-'));
    const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    writeFileSync(join(dir, 'jwks.json'), JSON.stringify({ keys: [jwk] }));
    gw = await startTestGateway({
      env: {
        GATEWAY_API_KEYS: `test=test-api-key-0123456789abcdef,partner=${PARTNER_KEY}`,
        JWT_JWKS_FILE: join(dir, 'jwks.json'),
        JWT_ISSUER: ISSUER,
        JWT_AUDIENCE: AUDIENCE,
        JWT_CLOCK_TOLERANCE_S: '0',
      },
    });
  });
  afterAll(async () => {
    await gw.close();
  });

  it('is on by default in live mode and off in demo mode', () => {
    expect(loadConfig({ IBLAI_BASE_URL: 'https://h.example', IBLAI_API_TOKEN: 'k' }).auth.enabled).toBe(true);
    expect(loadConfig({}).auth.enabled).toBe(false);
  });

  it('accepts an API key as x-api-key or as a Bearer credential', async () => {
    for (const headers of [{ 'x-api-key': PARTNER_KEY }, { authorization: `Bearer ${PARTNER_KEY}` }] as Array<Record<string, string>>) {
      const { status, body } = await gw.query(MENTOR, undefined, headers);
      expect(status).toBe(200);
      expect(body.data.mentorSummary.totalMentors).toBeGreaterThan(0);
    }
  });

  it.each([
    ['no credential', { 'x-api-key': '' }],
    ['a wrong API key', { 'x-api-key': 'wrong-key-0123456789abcdef' }],
    ['a prefix of a valid key', { 'x-api-key': PARTNER_KEY.slice(0, -1) }],
    ['a Basic credential', { authorization: `Basic ${Buffer.from(`a:${PARTNER_KEY}`).toString('base64')}` }],
    ['an unknown Bearer credential', { authorization: 'Bearer not-a-key-at-all-xxxxxxxx' }],
  ])('answers %s with HTTP 401 UNAUTHENTICATED before any upstream call', async (_name, headers) => {
    gw.sims.iblai.resetLog();
    const { status, body, headers: h } = await gw.query(MENTOR, undefined, headers);
    expect(status).toBe(401);
    expect(h.get('www-authenticate')).toBe('Bearer');
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(body.data).toBeUndefined();
    expect(gw.sims.iblai.count()).toBe(0);
  });

  it('accepts a JWT signed by the JWKS key with the right issuer and audience', async () => {
    const { status, body } = await gw.query(MENTOR, undefined, { authorization: `Bearer ${await token(keys)}` });
    expect(status).toBe(200);
    expect(body.data.mentorSummary.totalMentors).toBeGreaterThan(0);
  });

  it.each([
    ['an expired token', async () => token(keys, {}, { exp: Math.floor(Date.now() / 1000) - 60 })],
    ['another issuer', async () => token(keys, {}, { iss: 'https://evil.example' })],
    ['another audience', async () => token(keys, {}, { aud: 'someone-else' })],
    ['a foreign signing key', async () => token(other, {})],
    ['an unsigned token (alg none)', async () => {
      const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      return `${enc({ alg: 'none' })}.${enc({ iss: ISSUER, aud: AUDIENCE, sub: 'x', exp: 9_999_999_999 })}.`;
    }],
    ['a tampered payload', async () => {
      const [h, , s] = (await token(keys)).split('.');
      const p = Buffer.from(JSON.stringify({ iss: ISSUER, aud: AUDIENCE, sub: 'root', exp: 9_999_999_999 })).toString('base64url');
      return `${h}.${p}.${s}`;
    }],
  ])('refuses %s with 401 UNAUTHENTICATED', async (_name, make) => {
    const { status, body } = await gw.query(MENTOR, undefined, { authorization: `Bearer ${await make()}` });
    expect(status).toBe(401);
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it("restricts a JWT to the sources in its scope claim: FORBIDDEN on the other fields only", async () => {
    gw.sims.callCounts.resetLog();
    const jwt = await token(keys, { scope: 'openid iblai' });
    const { status, body } = await gw.query(
      `{ mentorSummary(org: "main", userId: "admin@main") { totalMentors } callCounts { total } }`,
      undefined,
      { authorization: `Bearer ${jwt}` },
    );
    expect(status).toBe(200);
    expect(body.data.mentorSummary.totalMentors).toBeGreaterThan(0);
    expect(body.data.callCounts).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]).toMatchObject({ path: ['callCounts'], extensions: { code: 'FORBIDDEN', source: 'CALL_COUNTS' } });
    expect(gw.sims.callCounts.count('/historical/')).toBe(0);
  });

  it('stops accepting a token once it expires, even one it has verified before', async () => {
    const exp = Math.floor(Date.now() / 1000) + 2;
    const jwt = await token(keys, {}, { exp });
    expect((await gw.query(MENTOR, undefined, { authorization: `Bearer ${jwt}` })).status).toBe(200);
    await new Promise((r) => setTimeout(r, exp * 1000 - Date.now() + 50));
    expect((await gw.query(MENTOR, undefined, { authorization: `Bearer ${jwt}` })).status).toBe(401);
  });

  it("applies a JWT's allow claim as the principal's allow-list", async () => {
    const jwt = await token(keys, { scope: 'ejento', allow: { ejentoIds: ['1'] } });
    const { body } = await gw.query(`{ a: ejentoEntity(scope: AGENT, id: "1") { id } b: ejentoEntity(scope: AGENT, id: "2") { id } }`, undefined, {
      authorization: `Bearer ${jwt}`,
    });
    expect(body.data.a).toEqual({ id: '1' });
    expect(body.data.b).toBeNull();
    expect(body.errors.map((e: any) => [e.path[0], e.extensions.code])).toEqual([['b', 'FORBIDDEN']]);
  });

  it('never writes a key or token into a response or a log line', async () => {
    const jwt = await token(keys);
    await gw.query(MENTOR, undefined, { authorization: `Bearer ${jwt}x` });
    await gw.query(MENTOR, undefined, { 'x-api-key': `${PARTNER_KEY}zz` });
    const all = gw.logs.join('\n');
    expect(all).not.toContain(PARTNER_KEY);
    expect(all).not.toContain(jwt.split('.')[2]);
    expect(all).not.toContain('test-api-key-0123456789abcdef');
  });
});

describe('JWT with a PEM public key', () => {
  let gw: TestGateway;
  let keys: KeyPair;
  beforeAll(async () => {
    keys = await generateKeyPair('ES256', { extractable: true });
    gw = await startTestGateway({
      env: { JWT_PUBLIC_KEY: await exportSPKI(keys.publicKey), JWT_ALGORITHMS: 'ES256', JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE },
    });
  });
  afterAll(async () => {
    await gw.close();
  });

  it('verifies ES256 tokens against the configured key and refuses other algorithms', async () => {
    const ok = await token(keys, {}, { alg: 'ES256' });
    expect((await gw.query(MENTOR, undefined, { authorization: `Bearer ${ok}` })).status).toBe(200);
    const hs = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuer(ISSUER).setAudience(AUDIENCE).setSubject('x').setExpirationTime('5m')
      .sign(new TextEncoder().encode('a-shared-secret-that-is-long-enough-000'));
    expect((await gw.query(MENTOR, undefined, { authorization: `Bearer ${hs}` })).status).toBe(401);
  });
});

describe('authentication off', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ env: { AUTH: 'off' } });
  });
  afterAll(async () => {
    await gw.close();
  });

  it('runs open and says so in the log', async () => {
    const { status } = await gw.query(MENTOR, undefined, { 'x-api-key': '' });
    expect(status).toBe(200);
    expect(gw.logs.some((l) => l.includes('Caller authentication is OFF'))).toBe(true);
  });
});

describe('authentication on without any credential configured', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ env: { GATEWAY_API_KEYS: '' } });
  });
  afterAll(async () => {
    await gw.close();
  });

  it('fails closed: every request is 401 and start-up logs why', async () => {
    const { status } = await gw.query(MENTOR);
    expect(status).toBe(401);
    expect(gw.logs.some((l) => l.includes('every request will be refused'))).toBe(true);
  });
});
