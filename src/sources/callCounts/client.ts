import { ErrorCode, UpstreamError } from '../../errors.js';
import type { ResolvedRange } from '../../lib/timeRange.js';
import type { CircuitState } from '../../resilience/circuitBreaker.js';
import type { QueryValue } from '../http.js';
import type { SourceClientDeps } from '../SourceDefinition.js';
import type { RequestScope } from '../scope.js';
import { toHistoricalSeries, toLabelPage, toUpstreamRange, type CountSeriesValue, type LabelPage } from './mapping.js';
import { createCallCountsSession, type CallCountsSession } from './session.js';
import type { CallCountsConfig } from './settings.js';
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


/** error_code of a call-counts error body (`{error_code, error_name, message, error_data}`). */
function errorCodeOf(body: unknown): number | undefined {
  const code = (body as ErrorBody | null)?.error_code;
  return typeof code === 'number' ? code : undefined;
}

const JWT_EXPIRED = 22;

export function createCallCountsClient(config: CallCountsConfig, { http }: SourceClientDeps): CallCountsClient {
  const session: CallCountsSession = createCallCountsSession({ config, http });

    /**
   * An authorized GET. A 401 with error_code 22 (expired JWT) renews the shared token once and
   * retries once; any other 401, or a second one, is UPSTREAM_REJECTED.
   */
  async function get<T>(path: string, template: string, query: Record<string, QueryValue>, scope: RequestScope): Promise<T> {
    if (scope.forwarded.CALL_COUNTS) {
      // The caller sent its own token: no service login and no refresh (the token is not ours).
      // http.ts replaces this placeholder Authorization with the forwarded value.
      const res = await http.request<unknown>({ method: 'GET', path, template, query, headers: { authorization: 'Bearer (forwarded)' }, deadline: scope.deadline, scope });
      return res.body as T;
    }
    let token = await session.token(scope);
    for (let attempt = 0; ; attempt++) {
      const res = await http.request<unknown>({
        method: 'GET',
        path,
        template,
        query,
        headers: { authorization: `Bearer ${token}` },
        deadline: scope.deadline,
        scope,
        passStatuses: [401],
        // The session JWT changes on every refresh; the account it stands for does not.
        cacheIdentity: `user:${config.username}`,
      });
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
      const body = await get<HistoricalBody>('call-counts/historical/', 'call-counts/historical/', { ...asked }, scope);
      return toHistoricalSeries(body, asked, range);
    },
    async byLabel({ label, range, amt, cursor }, scope) {
      const asked = toUpstreamRange(range);
      const body = await get<LabelBody>(
        `call-counts/historical/${encodeURIComponent(label)}/`,
        'call-counts/historical/{label}/',
        { ...asked, amt, cursor },
        scope,
      );
      return toLabelPage(body, asked, range);
    },
    async scenario({ recoType, name, range }, scope) {
      const asked = toUpstreamRange(range);
      const body = await get<HistoricalBody>(
        `call-counts/historical/SCENARIOS/${encodeURIComponent(recoType)}/${encodeURIComponent(name)}/`,
        'call-counts/historical/SCENARIOS/{recoType}/{name}/',
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
