import type { CallCountsConfig } from './settings.js';
import { type UpstreamError, upstreamContractError } from '../../errors.js';
import type { HttpSource } from '../http.js';
import type { RequestScope } from '../scope.js';
import type { LoginBody, RefreshBody } from './types.js';

/**
 * The gateway's call-counts credentials: one JWT per source instance (per gateway process),
 * shared by every request. At most one login or refresh is in flight at a time: concurrent
 * callers await the same promise, so 20 requests hitting an expired token cause one refresh,
 * not 20. Tokens and the password are never logged or put into errors.
 */
const contract = (what: string) => upstreamContractError('CALL_COUNTS', what);

export interface CallCountsSession {
  /** The current token, logging in first when there is none. */
  token(scope: RequestScope): Promise<string>;
  /**
   * A fresh token after `stale` was answered "expired": the refresh token first, a new login if
   * that fails. If someone else already replaced `stale`, their token is returned without a call.
   */
  renew(stale: string, scope: RequestScope): Promise<string>;
  /** Forgets `stale` (the upstream called it invalid, not expired): the next call logs in again. */
  discard(stale: string): void;
}

interface Tokens {
  token: string;
  refreshToken: string | null;
}

export interface CallCountsSessionOptions {
  config: CallCountsConfig;
  http: HttpSource;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

export function createCallCountsSession({ config, http }: CallCountsSessionOptions): CallCountsSession {
  let current: Tokens | null = null;
  let pending: Promise<Tokens> | null = null;

  async function login(scope: RequestScope): Promise<Tokens> {
    // Failures keep http.ts's meaning: 401 (error_code 21, bad credentials) → UPSTREAM_REJECTED,
    // 5xx → UPSTREAM_UNAVAILABLE, timeout/504 → UPSTREAM_TIMEOUT. A POST is never retried there.
    const res = await http.request<LoginBody>({
      method: 'POST',
      path: 'login/service/',
      template: 'login/service/',
      body: { name: config.username, password: config.password },
      deadline: scope.deadline,
      // The request that needed the token: its logger, tally and trace (the session is shared,
      // the login is this request's work).
      scope,
    });
    const token = text(res.body?.token);
    if (!token) throw contract('login returned no token');
    scope.logger.info({ source: 'CALL_COUNTS', role: typeof res.body.role === 'string' ? res.body.role : undefined }, 'logged in to call-counts');
    return { token, refreshToken: text(res.body.refresh_token) };
  }

  async function refresh(refreshToken: string, scope: RequestScope): Promise<Tokens> {
    const res = await http.request<RefreshBody>({
      method: 'POST',
      path: 'login/refresh-token/',
      template: 'login/refresh-token/',
      body: { refresh_token: refreshToken },
      deadline: scope.deadline,
      scope,
    });
    const token = text(res.body?.token);
    if (!token) throw contract('refresh returned no token');
    // Some deployments rotate the refresh token, others keep it.
    return { token, refreshToken: text(res.body.refresh_token) ?? refreshToken };
  }

  /** Runs `fn` as the one credential operation in flight; everyone else awaits the same promise. */
  function single(fn: () => Promise<Tokens>): Promise<Tokens> {
    pending ??= fn()
      .then((t) => (current = t))
      .finally(() => {
        pending = null;
      });
    return pending;
  }

  return {
    async token(scope) {
      if (current) return current.token;
      return (await single(() => login(scope))).token;
    },
    async renew(stale, scope) {
      if (pending) return (await pending).token;
      if (current && current.token !== stale) return current.token;
      const old = current;
      const tokens = await single(async () => {
        if (old?.refreshToken) {
          try {
            return await refresh(old.refreshToken, scope);
          } catch (err) {
            // An expired or revoked refresh token (or a refresh outage): one fresh login decides.
            scope.logger.info(
              { source: 'CALL_COUNTS', code: (err as UpstreamError).code, status: (err as UpstreamError).upstreamStatus },
              'call-counts token refresh failed; logging in again',
            );
          }
        }
        return login(scope);
      });
      return tokens.token;
    },
    discard(stale) {
      if (current?.token === stale) current = null;
    },
  };
}
