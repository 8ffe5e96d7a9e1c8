import type { IncomingHttpHeaders } from 'node:http';
import type { Principal } from '../auth/Principal.js';

/** Counts of one source within one request. */
export interface SourceTally {
  hits: number;
  misses: number;
}

/** `extensions.cache` of a response. */
export interface CacheExtension {
  /** Upstream calls answered from the cache. */
  hits: number;
  /** Upstream calls fetched. */
  misses: number;
  /** Age of the oldest answer served from the cache, whole seconds (0 without hits). */
  oldestAgeSeconds: number;
  /** The same counts per `Source` name. */
  sources: Record<string, SourceTally>;
}

/** What one request asks of the cache and what the cache did for it. */
export interface RequestCache {
  /** The caller, part of every key: `apiKey:<name>`, `jwt:<sub>` or `anonymous`. */
  readonly principal: string;
  /** `cache-control: no-cache`: do not read the cache (answers are still written). */
  readonly noCache: boolean;
  /** `cache-control: max-age=N`: accept only entries at most N s old (also stale ones: this wins over stale serving). */
  readonly maxAgeS: number | undefined;
  hit(source: string, ageMs: number): void;
  miss(source: string): void;
  toExtension(): CacheExtension;
}

/** `no-cache` and `max-age=N` of a Cache-Control request header (other directives are ignored). */
export function parseCacheControl(value: string | string[] | undefined): { noCache: boolean; maxAgeS: number | undefined } {
  let noCache = false;
  let maxAgeS: number | undefined;
  const raw = Array.isArray(value) ? value.join(',') : (value ?? '');
  for (const part of raw.split(',')) {
    const d = part.trim().toLowerCase();
    if (d === 'no-cache') noCache = true;
    const m = /^max-age\s*=\s*"?(\d{1,10})"?$/.exec(d);
    if (m) maxAgeS = Math.min(maxAgeS ?? Infinity, Number(m[1]));
  }
  return { noCache, maxAgeS };
}

/** The cache part of one request's scope, from the guard's principal and the request headers. */
export function createRequestCache(principal: Principal, headers: IncomingHttpHeaders): RequestCache {
  const { noCache, maxAgeS } = parseCacheControl(headers['cache-control']);
  let hits = 0;
  let misses = 0;
  let oldestMs = 0;
  const sources: Record<string, SourceTally> = {};
  const of = (source: string) => (sources[source] ??= { hits: 0, misses: 0 });
  return {
    principal: principal.kind === 'anonymous' ? 'anonymous' : `${principal.kind}:${principal.name}`,
    noCache,
    maxAgeS,
    hit(source, ageMs) {
      hits++;
      of(source).hits++;
      if (ageMs > oldestMs) oldestMs = ageMs;
    },
    miss(source) {
      misses++;
      of(source).misses++;
    },
    toExtension: () => ({ hits, misses, oldestAgeSeconds: Math.floor(oldestMs / 1000), sources: { ...sources } }),
  };
}
