import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../../config/loadConfig.js';
import { ErrorCode, GatewayError, type SourceName } from '../../errors.js';
import { createAuthenticator } from '../../auth/authenticate.js';
import { clientAddress } from '../../auth/clientAddress.js';
import { createAuthFailureThrottle, type AuthFailureThrottle } from '../../auth/createAuthFailureThrottle.js';
import type { Principal } from '../../auth/Principal.js';
import type { Logger } from '../../logger.js';
import { createMemoryRateLimiter, type RateLimiter } from '../../limits/rateLimiter.js';
import { exceedsTokenLimit } from '../../limits/countTokens.js';
import { createDocumentShapeCheck } from '../../limits/createDocumentShapeCheck.js';
import { sendError } from './sendError.js';

export interface RequestGuard {
  /** Authenticates and rate-limits; answers 401/429 itself and returns undefined then. */
  admit(req: IncomingMessage, res: ServerResponse, logger: Logger): Promise<Principal | undefined>;
  /**
   * Refuses a document with too many tokens, or too deep or aliased, before Apollo validates it
   * (QUERY_TOO_COMPLEX with HTTP `status`: 400, or 200 under application/json).
   */
  checkDocument(body: unknown, url: URL, res: ServerResponse, status?: number): boolean;
  /** The caller's forwarded upstream credentials (configured client headers only). */
  forwarded(req: IncomingMessage): Partial<Record<SourceName, string>>;
}

/** The checks every GraphQL request passes before Apollo sees it. */
export async function createRequestGuard(config: Config, logger: Logger, limiter?: RateLimiter, authThrottle?: AuthFailureThrottle): Promise<RequestGuard> {
  const authenticate = await createAuthenticator(config.auth);
  if (config.auth.enabled && config.auth.apiKeys.length === 0 && !config.auth.jwt) {
    logger.error('AUTH is on but no API key or JWT key is configured: every request will be refused (401). Set GATEWAY_API_KEYS or JWT_* settings.');
  }
  if (!config.auth.enabled) {
    logger.warn(`Caller authentication is OFF (${config.mode === 'demo' ? 'demo mode' : 'AUTH=off'}): anyone who can reach this port can query it.`);
  }
  if (config.auth.enabled) {
    // Names only: never a key, digest or key material.
    logger.info(
      { apiKeys: config.auth.apiKeys.map((k) => k.name), jwt: config.auth.jwt ? { issuer: config.auth.jwt.issuer, audience: config.auth.jwt.audience } : null, corsOrigins: config.corsOrigins, rateLimit: config.rateLimit },
      'caller authentication is on',
    );
  }
  const rateLimiter = limiter ?? (config.rateLimit.rps > 0 ? createMemoryRateLimiter(config.rateLimit) : undefined);
  const forwardEntries = Object.entries(config.forwardAuth);
  const authFailures = authThrottle ?? createAuthFailureThrottle(config.authThrottle);
  const trustedProxies = new Set(config.authThrottle.trustedProxies);
  const checkShape = createDocumentShapeCheck(config.limits);

  return {
    async admit(req, res, log) {
      let principal: Principal;
      try {
        principal = await authenticate(req.headers);
      } catch (err) {
        if (!(err instanceof GatewayError)) throw err;
        req.resume();
        // Only failures are counted, after the credential was checked: valid keys always pass.
        const address = clientAddress(req, trustedProxies);
        const t = await authFailures.take(address);
        if (!t.ok) {
          log.info({ address, retryAfter: t.retryAfterS }, 'request refused: too many failed authentications');
          const headers = { 'retry-after': String(t.retryAfterS) };
          sendError(res, 429, `Too many failed authentications: retry in ${t.retryAfterS} s.`, { code: ErrorCode.RATE_LIMITED, retryAfter: t.retryAfterS }, headers);
          return undefined;
        }
        log.info({ reason: err.message }, 'request refused: not authenticated');
        sendError(res, 401, err.message, { code: ErrorCode.UNAUTHENTICATED }, { 'www-authenticate': 'Bearer' });
        return undefined;
      }
      if (rateLimiter) {
        const key = principal.kind === 'anonymous' ? `ip:${req.socket.remoteAddress ?? '?'}` : `${principal.kind}:${principal.name}`;
        const r = await rateLimiter.take(key);
        if (!r.ok) {
          log.info({ principal: principal.name, retryAfter: r.retryAfterS }, 'request refused: rate limited');
          req.resume();
          sendError(
            res,
            429,
            `Too many requests: retry in ${r.retryAfterS} s.`,
            { code: ErrorCode.RATE_LIMITED, retryAfter: r.retryAfterS },
            { 'retry-after': String(r.retryAfterS) },
          );
          return undefined;
        }
      }
      return principal;
    },
    checkDocument(body, url, res, status = 400) {
      const query = body && typeof body === 'object' ? (body as { query?: unknown }).query : url.searchParams.get('query');
      if (typeof query === 'string' && exceedsTokenLimit(query, config.limits.maxTokens)) {
        sendError(res, status, `The document has more than ${config.limits.maxTokens} tokens.`, { code: ErrorCode.QUERY_TOO_COMPLEX, limit: config.limits.maxTokens });
        return false;
      }
      // Apollo's hooks before validation cannot refuse with a 400 (a throw there is a 500).
      const refusal = typeof query === 'string' ? checkShape(query) : undefined;
      if (refusal) {
        sendError(res, status, refusal.message, { code: ErrorCode.QUERY_TOO_COMPLEX, ...refusal.extensions });
        return false;
      }
      return true;
    },
    forwarded(req) {
      const out: Partial<Record<SourceName, string>> = {};
      for (const [source, header] of forwardEntries) {
        const v = req.headers[header];
        const value = Array.isArray(v) ? v[0] : v;
        // Printable ASCII only, bounded: the value becomes an upstream header as it is.
        if (value && /^[\x21-\x7e][\x20-\x7e]{0,4095}$/.test(value)) out[source] = value.trim();
      }
      return out;
    },
  };
}
