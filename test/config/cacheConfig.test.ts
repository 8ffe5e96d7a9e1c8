import { describe, expect, it } from 'vitest';
import { knownVariables, loadConfig } from '../../src/config/loadConfig.js';

describe('cache, Redis and documents settings', () => {
  it('default to an in-memory cache with the time-model lifetimes, no Redis, every document allowed', () => {
    const c = loadConfig({});
    expect(c.cache).toEqual({ enabled: true, maxBytes: 67_108_864, l1MaxBytes: 8_388_608, settleS: 3600, ttlSettledS: 3600, ttlLiveS: 15, staleS: 60 });
    expect(c.redis).toEqual({ url: null, timeoutMs: 50 });
    expect(c.documents).toEqual({ trusted: {}, trustedOnly: false });
  });

  it('read CACHE=off, the durations, REDIS_URL and REDIS_TIMEOUT_MS', () => {
    const c = loadConfig({ CACHE: 'off', CACHE_TTL_LIVE_S: '5', CACHE_STALE_S: '0', CACHE_SETTLE_S: '600', REDIS_URL: 'redis://cache:6379/1', REDIS_TIMEOUT_MS: '80' });
    expect(c.cache).toMatchObject({ enabled: false, ttlLiveS: 5, staleS: 0, settleS: 600 });
    expect(c.redis).toEqual({ url: 'redis://cache:6379/1', timeoutMs: 80 });
  });

  it('name the variable and the expected form in every refusal, never echoing a Redis password', () => {
    expect(() => loadConfig({ CACHE: 'sometimes' })).toThrow('CACHE must be true or false, but got: "sometimes"');
    expect(() => loadConfig({ CACHE_MAX_BYTES: '12' })).toThrow('CACHE_MAX_BYTES must be an integer from 1024 to');
    expect(() => loadConfig({ CACHE_TTL_LIVE_S: '0' })).toThrow('CACHE_TTL_LIVE_S must be an integer from 1 to 86400, but got: "0"');
    expect(() => loadConfig({ REDIS_TIMEOUT_MS: 'soon' })).toThrow('REDIS_TIMEOUT_MS must be an integer from 1 to 10000, but got: "soon"');
    let message = '';
    try {
      loadConfig({ REDIS_URL: 'http://user:hunter2@cache:6379' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('REDIS_URL must be a URL like redis://host:6379');
    expect(message).not.toContain('hunter2');
  });

  it('are known settings (CONFIG_FILE accepts them) and any-document is a scope a policy may name', () => {
    for (const v of ['CACHE', 'CACHE_MAX_BYTES', 'CACHE_L1_MAX_BYTES', 'CACHE_SETTLE_S', 'CACHE_TTL_SETTLED_S', 'CACHE_TTL_LIVE_S', 'CACHE_STALE_S', 'REDIS_URL', 'REDIS_TIMEOUT_MS', 'TRUSTED_DOCUMENTS', 'TRUSTED_DOCUMENTS_ONLY']) {
      expect(knownVariables()).toContain(v);
    }
    const c = loadConfig({ GATEWAY_API_KEYS: 'router=router-key-0123456789abcdef', GATEWAY_POLICIES: JSON.stringify({ router: { scopes: ['iblai', 'any-document'] } }) });
    expect(c.auth.apiKeys[0]!.policy.scopes).toEqual(['iblai', 'any-document']);
  });
});
