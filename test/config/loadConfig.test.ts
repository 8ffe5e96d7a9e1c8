import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/env.js';
import { loadConfig } from '../../src/config/loadConfig.js';

describe('config', () => {
  it('runs in demo mode with no base URL', () => {
    const c = loadConfig({});
    expect(c.mode).toBe('demo');
    expect(c.port).toBe(4000);
    expect(c.requestTimeoutMs).toBe(10_000);
    expect(c.sources.iblai).toBeNull();
    expect(c.jitCompileAfter).toBe(2);
    expect(loadConfig({ GRAPHQL_JIT_AFTER: '0' }).jitCompileAfter).toBe(0);
  });

  it('goes live when any base URL is set; other sources stay unconfigured', () => {
    const c = loadConfig({ IBLAI_BASE_URL: 'https://h.example/dm', IBLAI_API_TOKEN: 'k' });
    expect(c.mode).toBe('live');
    expect(c.sources.iblai).toEqual({ baseUrl: 'https://h.example/dm', apiToken: 'k' });
    expect(c.sources.ejento).toBeNull();
    expect(Object.isFrozen(c.sources)).toBe(true);
  });

  it.each([
    [{ IBLAI_BASE_URL: 'https://h.example' }, /IBLAI_API_TOKEN is required/],
    [{ EJENTO_BASE_URL: 'ftp://x' }, /EJENTO_BASE_URL must be an absolute http\(s\) URL/],
    [{ CALL_STATS_BASE_URL: 'not a url' }, /CALL_STATS_BASE_URL must be an absolute/],
    [{ CALL_COUNTS_BASE_URL: 'https://u:p@x.example/' }, /must not carry/],
    [{ PORT: 'eighty' }, /PORT must be an integer/],
    [{ REQUEST_TIMEOUT_MS: '0' }, /REQUEST_TIMEOUT_MS must be an integer from 1/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of/],
    [{ GRAPHQL_JIT_AFTER: '-1' }, /GRAPHQL_JIT_AFTER must be an integer from 0/],
  ])('stops start-up on %j with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
