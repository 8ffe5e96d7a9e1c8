import type { UpstreamRequest } from '../sources/http.js';

/** How one upstream read met the cache: served fresh, served stale (one refresh runs), fetched, or fetched without the cache (`cache-control: no-cache`, or the store failed). */
export type CacheResult = 'hit' | 'miss' | 'stale' | 'bypass';

/**
 * What the cache reports as it works (metrics: `gateway_cache_requests_total{source, result}`,
 * `gateway_cache_backend_errors_total`). The default does nothing.
 */
export interface CacheEvents {
  /** One read met the cache; `request` is the upstream call (its scope carries the request's tally and trace). */
  request(source: string, result: CacheResult, request?: UpstreamRequest): void;
  backendError(): void;
}

export const NO_CACHE_EVENTS: CacheEvents = Object.freeze({ request() {}, backendError() {} });
