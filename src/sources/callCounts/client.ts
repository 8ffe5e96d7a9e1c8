import type { Dispatcher } from 'undici';
import type { CallCountsConfig, ResilienceConfig } from '../../config.js';
import { ErrorCode, UpstreamError, badUserInput } from '../../errors.js';
import type { ResolvedRange } from '../../lib/timeRange.js';
import type { Logger } from '../../logger.js';
import type { CircuitState } from '../../resilience/circuitBreaker.js';
import { createHttpSource, type HttpSource, type QueryValue } from '../http.js';
import type { RequestScope } from '../scope.js';
import { toHistoricalSeries, toLabelPage, toUpstreamRange, type CountSeriesValue, type LabelPage } from './mapping.js';
import { createCallCountsSession, type CallCountsSession } from './session.js';
import type { CallCountLabelName, ErrorBody, HistoricalBody, LabelBody } from './types.js';

/** Calls call-counts' `historical` endpoints with the shared service JWT; arguments arrive validated. */
export interface CallCountsClient {
  historical(range: ResolvedRange, scope: RequestScope): Promise<CountSeriesValue>;
  byLabel(params: { label: CallCountLabelName; range: ResolvedRange; amt: number; cursor: string | null }, scope: RequestScope): Promise<LabelPage>;
  scenario(params: { recoType: string; name: string; range: ResolvedRange }, scope: RequestScope): Promise<CountSeriesValue>;
  /** The circuit breaker's state of this backend (readiness, `gateway { sources }`). */
  readonly circuit: CircuitState;
  close(): Promise<void>;
}

export interface CallCountsClientOptions {
  config: CallCountsConfig;
  logger?: Logger;
  dispatcher?: Dispatcher;
  resilience?: ResilienceConfig;
}

/** error_code of a call-counts error body (`{error_code, error_name, message, error_data}`). */
function errorCodeOf(body: unknown): number | undefined {
  const code = (body as ErrorBody | null)?.error_code;
  return typeof code === 'number' ? code : undefined;
}

const JWT_EXPIRED = 22;

export function createCallCountsClient({ config, logger, dispatcher, resilience }: CallCountsClientOptions): CallCountsClient {
  const http: HttpSource = createHttpSource({ source: 'CALL_COUNTS', baseUrl: config.baseUrl, logger, dispatcher, resilience });
  const session: CallCountsSession = createCallCountsSession({ config, http, logger });

  /** Gives http.ts's generic mapping this backend's meaning where it differs. */
  function remap(err: unknown, sentCursor: boolean, forwarded = false): unknown {
    if (!(err instanceof UpstreamError)) return err;
    // With the caller's own token, http.ts has already made a 401/403 the caller's
    // (UNAUTHENTICATED/FORBIDDEN): the service account is not involved.
    if (err.upstreamStatus === 403 && !forwarded) {
      return new UpstreamError(
        ErrorCode.UPSTREAM_REJECTED,
        'CALL_COUNTS',
        "CALL_COUNTS denied the gateway's service account the role this field needs (HTTP 403).",
        { upstreamStatus: 403, detail: err.detail },
      );
    }
    // Everything else we send is validated first, so a 400 on a page request means its cursor
    // went stale or was tampered with inside our wrapper: the caller's input.
    if (err.upstreamStatus === 400 && sentCursor) {
      return badUserInput('`after` is no longer accepted by CALL_COUNTS (stale or altered cursor); start again without `after`.', {
        source: 'CALL_COUNTS',
      });
    }
    return err;
  }

  /**
   * An authorized GET. A 401 with error_code 22 (expired JWT) renews the shared token once and
   * retries once; any other 401, or a second one, is UPSTREAM_REJECTED.
   */
  async function get<T>(path: string, query: Record<string, QueryValue>, scope: RequestScope, sentCursor = false): Promise<T> {
    if (scope.forwarded.CALL_COUNTS) {
      // The caller sent its own token: no service login and no refresh (the token is not ours).
      // http.ts replaces this placeholder Authorization with the forwarded value.
      try {
        const res = await http.request<unknown>({ method: 'GET', path, query, headers: { authorization: 'Bearer (forwarded)' }, deadline: scope.deadline, scope });
        return res.body as T;
      } catch (err) {
        throw remap(err, sentCursor, true);
      }
    }
    let token = await session.token(scope);
    for (let attempt = 0; ; attempt++) {
      let res;
      try {
        res = await http.request<unknown>({
          method: 'GET',
          path,
          query,
          headers: { authorization: `Bearer ${token}` },
          deadline: scope.deadline,
          scope,
          passStatuses: [401],
        });
      } catch (err) {
        throw remap(err, sentCursor);
      }
      if (res.status !== 401) return res.body as T;
      const code = errorCodeOf(res.body);
      if (code === JWT_EXPIRED && attempt === 0) {
        token = await session.renew(token, scope);
        continue;
      }
      if (code !== JWT_EXPIRED) session.discard(token);
      throw new UpstreamError(
        ErrorCode.UPSTREAM_REJECTED,
        'CALL_COUNTS',
        code === JWT_EXPIRED
          ? "CALL_COUNTS still called the gateway's token expired after renewing it (HTTP 401)."
          : "CALL_COUNTS refused the gateway's token (HTTP 401).",
        { upstreamStatus: 401, detail: res.body },
      );
    }
  }

  return {
    async historical(range, scope) {
      const asked = toUpstreamRange(range);
      const body = await get<HistoricalBody>('call-counts/historical/', { ...asked }, scope);
      return toHistoricalSeries(body, asked, range);
    },
    async byLabel({ label, range, amt, cursor }, scope) {
      const asked = toUpstreamRange(range);
      const body = await get<LabelBody>(
        `call-counts/historical/${encodeURIComponent(label)}/`,
        { ...asked, amt, cursor },
        scope,
        cursor !== null,
      );
      return toLabelPage(body, asked, range);
    },
    async scenario({ recoType, name, range }, scope) {
      const asked = toUpstreamRange(range);
      const body = await get<HistoricalBody>(
        `call-counts/historical/SCENARIOS/${encodeURIComponent(recoType)}/${encodeURIComponent(name)}/`,
        { ...asked },
        scope,
      );
      return toHistoricalSeries(body, asked, range);
    },
    get circuit() {
      return http.circuit;
    },
    close: () => http.close(),
  };
}
