import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/env.js';
import { loadConfig } from '../../src/config/loadConfig.js';
import { rootFieldSources } from '../../src/auth/authorize.js';
import { SOURCES } from '../../src/sources/registry.js';
import { buildSchema } from '../../src/schema/buildSchema.js';

const LIVE = { IBLAI_BASE_URL: 'https://h.example', IBLAI_API_TOKEN: 'k' };

describe('hardening settings', () => {
  it('keeps only digests of API keys and gives principals without a policy every source', () => {
    const c = loadConfig({ ...LIVE, GATEWAY_API_KEYS: 'a=aaaaaaaaaaaaaaaa1, b=bbbbbbbbbbbbbbbb2', GATEWAY_POLICIES: '{"b": {"scopes": ["ejento"], "ejentoIds": [7]}}' });
    expect(c.auth.apiKeys).toEqual([
      { name: 'a', sha256: createHash('sha256').update('aaaaaaaaaaaaaaaa1').digest('hex'), policy: { scopes: ['*'] } },
      { name: 'b', sha256: createHash('sha256').update('bbbbbbbbbbbbbbbb2').digest('hex'), policy: { scopes: ['ejento'], ejentoIds: ['7'] } },
    ]);
    expect(JSON.stringify(c)).not.toContain('aaaaaaaaaaaaaaaa1');
  });

  it('reads a keys file with plain keys or digests and per-key policies', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-keys-'));
    const file = join(dir, 'keys.json');
    const digest = createHash('sha256').update('zzzzzzzzzzzzzzzzzz').digest('hex');
    writeFileSync(file, JSON.stringify({ keys: [{ name: 'x', key: 'xxxxxxxxxxxxxxxxxx', scopes: ['iblai'], iblaiOrgs: ['main'] }, { name: 'z', sha256: digest }] }));
    const c = loadConfig({ ...LIVE, GATEWAY_API_KEYS_FILE: file });
    expect(c.auth.apiKeys.map((k) => [k.name, k.policy])).toEqual([['x', { scopes: ['iblai'], iblaiOrgs: ['main'] }], ['z', { scopes: ['*'] }]]);
    expect(c.auth.apiKeys[1]!.sha256).toBe(digest);
  });

  it.each([
    [{ GATEWAY_API_KEYS: 'short=abc' }, /GATEWAY_API_KEYS must be "name=key,…"/],
    [{ GATEWAY_API_KEYS: 'a=aaaaaaaaaaaaaaaa1,a=bbbbbbbbbbbbbbbb2' }, /used twice/],
    [{ GATEWAY_POLICIES: '{"a": {"scopes": ["billing"]}}' }, /unknown scopes billing/],
    [{ GATEWAY_POLICIES: 'not json' }, /GATEWAY_POLICIES must be JSON/],
    [{ JWT_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\nx\n-----END PUBLIC KEY-----' }, /JWT_ISSUER and JWT_AUDIENCE are required/],
    [{ JWT_PUBLIC_KEY: 'abc', JWT_ISSUER: 'i', JWT_AUDIENCE: 'a' }, /PEM/],
    [{ JWT_JWKS_FILE: '/nonexistent/jwks.json', JWT_ISSUER: 'i', JWT_AUDIENCE: 'a' }, /JWT_JWKS_FILE must name a readable file/],
    [{ JWT_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----', JWT_ISSUER: 'i', JWT_AUDIENCE: 'a', JWT_ALGORITHMS: 'HS256' }, /asymmetric/],
    [{ CORS_ORIGINS: 'https://app.example.com/path' }, /CORS_ORIGINS must be/],
    [{ IBLAI_FORWARD_AUTH_HEADER: 'authorization' }, /must be a client header name starting with "x-"/],
    [{ MAX_DEPTH: '1' }, /MAX_DEPTH must be an integer from 2/],
  ])('stops start-up on %j with a message naming the setting', (env, message) => {
    expect(() => loadConfig({ ...LIVE, ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ ...LIVE, ...env })).toThrow(message);
  });

  it('reads upstream secrets from <NAME>_FILE when the variable is unset', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-secret-'));
    writeFileSync(join(dir, 'token'), 'from-a-file\n');
    const c = loadConfig({ IBLAI_BASE_URL: 'https://h.example', IBLAI_API_TOKEN_FILE: join(dir, 'token') });
    expect(c.sources.iblai!.apiToken).toBe('from-a-file');
    expect(() => loadConfig({ IBLAI_BASE_URL: 'https://h.example', IBLAI_API_TOKEN_FILE: join(dir, 'missing') })).toThrow(/IBLAI_API_TOKEN_FILE must name a readable file/);
  });

  it('never echoes a malformed key in the error', () => {
    expect(() => loadConfig({ ...LIVE, GATEWAY_API_KEYS: 'oops-secret-value' })).toThrow(/^(?!.*oops-secret-value)/s);
  });

  it('maps every root field that reaches a backend to its source, so policies cover new fields', () => {
    // costReport spans sources and authorizes each included one itself (test/costReport).
    const roots = Object.keys(buildSchema().getQueryType()!.getFields()).filter((f) => f !== 'gateway' && f !== 'costReport');
    const owners = rootFieldSources(SOURCES);
    expect(roots.filter((f) => !owners.has(f))).toEqual([]);
  });
});
