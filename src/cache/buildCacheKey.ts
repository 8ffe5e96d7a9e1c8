import { createHash } from 'node:crypto';
import type { UpstreamRequest } from '../sources/http.js';

/**
 * Headers that differ per request without changing the answer (trace context, request ids):
 * in neither the cache key nor the single-flight key.
 */
export const PER_REQUEST_HEADERS: ReadonlySet<string> = new Set(['traceparent', 'tracestate', 'baggage', 'x-request-id', 'request-id', 'x-correlation-id']);

/** The headers that identify the answer: everything but the per-request ones, lower-cased and sorted. */
export function answerHeaders(headers: Readonly<Record<string, string>>): Array<[string, string]> {
  return Object.entries(headers)
    .map(([k, v]): [string, string] => [k.toLowerCase(), v])
    .filter(([k]) => !PER_REQUEST_HEADERS.has(k))
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('base64url');

/**
 * A digest of the upstream credential a call uses: the caller's forwarded token when it
 * replaces the gateway's Authorization, else the identity the source names for the call (its
 * configured user name, when its Authorization is a short-lived session token), else the
 * call's own headers (the configured key). Never a credential itself.
 */
export function credentialDigest(source: string, req: UpstreamRequest): string {
  const headers = req.headers ?? {};
  const auth = Object.keys(headers).find((h) => h.toLowerCase() === 'authorization');
  const forwarded = auth ? req.scope?.forwarded[source] : undefined;
  if (forwarded) {
    const rest = Object.fromEntries(Object.entries(headers).filter(([h]) => h !== auth));
    return sha256(JSON.stringify(['forwarded', forwarded, answerHeaders(rest)]));
  }
  if (req.cacheIdentity !== undefined) return sha256(JSON.stringify(['named', req.cacheIdentity]));
  return sha256(JSON.stringify(['headers', answerHeaders(headers)]));
}

/** The query as the wire sends it, keys sorted: `?b=2&a=1` and `?a=1&b=2` share a key; arrays keep their order. */
function normalizedQuery(query: UpstreamRequest['query']): Array<[string, string | string[]]> {
  if (!query) return [];
  const out: Array<[string, string | string[]]> = [];
  for (const k of Object.keys(query).sort()) {
    const v = query[k];
    if (v === undefined || v === null) continue;
    out.push([k, Array.isArray(v) ? v.map(String) : String(v)]);
  }
  return out;
}

export interface CacheKeyParts {
  source: string;
  request: UpstreamRequest;
  /** The caller (`apiKey:<name>`, `jwt:<sub>`): tenants never share entries. */
  principal: string;
  /** credentialDigest(source, request). */
  credential: string;
}

/** The cache key of one upstream read: backend, normalized request, caller and credential, as one digest. */
export function buildCacheKey({ source, request, principal, credential }: CacheKeyParts): string {
  const path = request.path.replace(/^\//, '');
  return sha256(JSON.stringify([1, source, request.method, path, normalizedQuery(request.query), request.body ?? null, principal, credential]));
}
