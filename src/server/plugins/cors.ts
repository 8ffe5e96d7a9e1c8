import type { IncomingMessage, ServerResponse } from 'node:http';

const ALLOWED_HEADERS_BASE = ['content-type', 'authorization', 'x-api-key', 'x-request-id', 'apollo-require-preflight', 'cache-control'];

/**
 * CORS from an allow-list. An allowed origin gets its own origin echoed (with Vary: Origin);
 * any other origin gets no CORS headers at all, so browsers keep the response from it.
 * Returns true when it answered a preflight itself.
 */
export function createCors(origins: readonly string[], extraHeaders: readonly string[] = []) {
  const any = origins.includes('*');
  const allowed = new Set(origins);
  const allowHeaders = [...ALLOWED_HEADERS_BASE, ...extraHeaders].join(', ');
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const origin = req.headers.origin;
    const ok = typeof origin === 'string' && (any || allowed.has(origin));
    res.setHeader('vary', 'Origin');
    if (ok) {
      res.setHeader('access-control-allow-origin', any ? '*' : origin);
      res.setHeader('access-control-expose-headers', 'x-request-id, retry-after');
    }
    if (req.method !== 'OPTIONS') return false;
    if (ok) {
      res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
      res.setHeader('access-control-allow-headers', allowHeaders);
      res.setHeader('access-control-max-age', '600');
    }
    res.writeHead(ok ? 204 : 403);
    res.end();
    return true;
  };
}
