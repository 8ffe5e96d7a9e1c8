import type { CacheConfig } from '../config/cacheConfig.js';
import { ErrorCode, UpstreamError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { UpstreamRequest, UpstreamResponse } from '../sources/http.js';
import { buildCacheKey, credentialDigest } from './buildCacheKey.js';
import { NO_CACHE_EVENTS, type CacheEvents } from './CacheEvents.js';
import type { CacheEntry, CacheStore } from './CacheStore.js';
import { freshnessOf, type CacheWindow } from './freshnessPolicy.js';

/**
 * The response cache of one backend, in front of its HTTP layer: cache → single flight →
 * breaker → concurrency limit → undici.
 */
export interface UpstreamCache {
  /**
   * Answers an upstream read from the cache, or through `fetch` (the rest of the HTTP layer),
   * keeping 2xx answers. Calls that are not idempotent (logins, token refreshes) and calls
   * without a request's cache scope go straight to `fetch`.
   */
  through<T>(req: UpstreamRequest, fetch: () => Promise<UpstreamResponse<T>>): Promise<UpstreamResponse<T>>;
}

/** What the cache needs of a backend's definition. */
export interface CachedSource {
  readonly name: string;
  /** The time window the upstream request covers (default: none, the answer is live). */
  readonly cacheWindow?: (request: UpstreamRequest) => CacheWindow | null;
}

/** One cache for every backend of a gateway (one store). */
export interface UpstreamCaches {
  forSource(source: CachedSource): UpstreamCache;
  close(): Promise<void>;
}

export interface UpstreamCachesOptions {
  config: Pick<CacheConfig, 'settleS' | 'ttlSettledS' | 'ttlLiveS' | 'staleS'>;
  store: CacheStore;
  /** The cache's clock: entry ages, lifetimes, Retry-After (tests inject one). */
  clock?: () => number;
  events?: CacheEvents;
  logger?: Logger;
}

/** An entry's answer, or undefined when it is not JSON (a foreign or damaged value: a miss). */
function parsed(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Most credentials remembered as rate limited per backend. */
const MAX_BLOCKED = 10_000;

export function createUpstreamCaches({ config, store, clock = Date.now, events = NO_CACHE_EVENTS, logger }: UpstreamCachesOptions): UpstreamCaches {
  // Keys whose one background refresh runs in this process.
  const refreshing = new Set<string>();

  function entryOf(res: UpstreamResponse<unknown>, window: CacheWindow | null): CacheEntry {
    const t = clock();
    const f = freshnessOf(window, t, config);
    // Each hit parses its own copy, so no caller can change another's answer.
    return { storedAt: t, freshUntil: t + f.ttlMs, staleUntil: t + f.ttlMs + f.staleMs, status: res.status, text: JSON.stringify(res.body) };
  }

  async function keep(key: string, res: UpstreamResponse<unknown>, window: CacheWindow | null): Promise<void> {
    // Errors are never cached (they are thrown and never get here); nor is a passed-through 401.
    if (res.status < 200 || res.status >= 300) return;
    try {
      await store.set(key, entryOf(res, window));
    } catch {
      // The store is down: the answer is still the caller's (the connection logs and counts it).
    }
  }

  function forSource(definition: CachedSource): UpstreamCache {
    const source = definition.name;
    // Credential digest → when its Retry-After has passed (cache clock, ms).
    const blocked = new Map<string, number>();

    const windowOf = (req: UpstreamRequest): CacheWindow | null => {
      try {
        return definition.cacheWindow?.(req) ?? null;
      } catch {
        return null; // an unreadable window is live: the shortest lifetime
      }
    };

    const rateLimited = (seconds: number) =>
      new UpstreamError(ErrorCode.RATE_LIMITED, source, `${source} is rate limiting the gateway; it is not called again for ${seconds} s.`, { retryAfter: seconds });

    async function fetchNoting<T>(credential: string, fetch: () => Promise<UpstreamResponse<T>>): Promise<UpstreamResponse<T>> {
      try {
        return await fetch();
      } catch (err) {
        if (err instanceof UpstreamError && err.code === ErrorCode.RATE_LIMITED && err.upstreamStatus === 429) {
          const seconds = (err.extensions.retryAfter as number | undefined) ?? 1;
          if (blocked.size >= MAX_BLOCKED) blocked.delete(blocked.keys().next().value!);
          blocked.set(credential, clock() + seconds * 1000);
        }
        throw err;
      }
    }

    function refresh<T>(key: string, req: UpstreamRequest, credential: string, fetch: () => Promise<UpstreamResponse<T>>): void {
      if (refreshing.has(key)) return;
      refreshing.add(key);
      void (async () => {
        const claimFor = Math.max(1000, req.deadline - clock());
        if (!(await store.claimRefresh(key, claimFor).catch(() => true))) return; // another replica refreshes it
        const until = blocked.get(credential);
        if (until !== undefined && clock() < until) return;
        await keep(key, await fetchNoting(credential, fetch), windowOf(req));
      })()
        .catch((err: unknown) => logger?.debug({ source, code: (err as UpstreamError)?.code }, 'background cache refresh failed; the stale answer stays until it expires'))
        .finally(() => refreshing.delete(key));
    }

    return {
      async through<T>(req: UpstreamRequest, fetch: () => Promise<UpstreamResponse<T>>): Promise<UpstreamResponse<T>> {
        const scope = req.scope?.cache;
        if (!scope || !(req.idempotent ?? req.method === 'GET')) return fetch();
        const credential = credentialDigest(source, req);
        const key = buildCacheKey({ source, request: req, principal: scope.principal, credential });
        let bypass = scope.noCache;
        if (!scope.noCache) {
          let entry: CacheEntry | undefined;
          try {
            entry = await store.get(key);
          } catch {
            bypass = true; // the store failed: this request goes on as if there were no cache
          }
          const now = clock();
          if (entry && now < entry.staleUntil) {
            const age = Math.max(0, now - entry.storedAt);
            const fresh = now < entry.freshUntil;
            // max-age=N decides alone: an entry at most N s old is served, one older is not (even if fresh).
            const servable = scope.maxAgeS !== undefined ? age <= scope.maxAgeS * 1000 : true;
            const body = servable ? parsed(entry.text) : undefined;
            if (body !== undefined) {
              scope.hit(source, age);
              events.request(source, fresh ? 'hit' : 'stale', req);
              if (!fresh) refresh(key, req, credential, fetch);
              return { status: entry.status, headers: {}, body: body as T };
            }
          }
        }
        scope.miss(source);
        events.request(source, bypass ? 'bypass' : 'miss', req);
        const until = blocked.get(credential);
        if (until !== undefined) {
          const left = until - clock();
          if (left > 0) throw rateLimited(Math.ceil(left / 1000));
          blocked.delete(credential);
        }
        const res = await fetchNoting(credential, fetch);
        await keep(key, res, windowOf(req));
        return res;
      },
    };
  }

  return { forSource, close: () => store.close() };
}
