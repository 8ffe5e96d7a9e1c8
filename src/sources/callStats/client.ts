import type { CircuitState } from '../../resilience/circuitBreaker.js';
import type { SourceClientDeps } from '../SourceDefinition.js';
import type { RequestScope } from '../scope.js';
import { ErrorCode, UpstreamError } from '../../errors.js';
import { toCallStatsResultInChunks } from './mapping.js';
import { toUpstreamBody } from './request.js';
import type { CallStatsConfig } from './settings.js';
import type { CallStatsRequest, CallStatsResponseBody, CallStatsResult } from './types.js';

/** Calls `POST /calls/stats`; requests arrive validated and canonical. */
export interface CallStatsClient {
  stats(request: CallStatsRequest, scope: RequestScope): Promise<CallStatsResult>;
  /** The circuit breaker's state of this backend (readiness, `gateway { sources }`). */
  readonly circuit: CircuitState;
  close(): Promise<void>;
}

export function createCallStatsClient(config: CallStatsConfig, { http }: Pick<SourceClientDeps, 'http'>): CallStatsClient {
  // The user name is literally `api`.
  const headers = { authorization: `Basic ${Buffer.from(`api:${config.apiKey}`, 'utf8').toString('base64')}` };

  return {
    async stats(request, scope) {
      // A read-only POST: safe to retry on 429/502/503 within the deadline.
      const res = await http.request<CallStatsResponseBody>({
        method: 'POST',
        path: 'calls/stats',
        template: 'calls/stats',
        headers,
        body: toUpstreamBody(request),
        deadline: scope.deadline,
        scope,
        idempotent: true,
      });
      return toCallStatsResultInChunks(res.body, request, {
        signal: scope.signal,
        deadline: scope.deadline,
        late: () => new UpstreamError(ErrorCode.UPSTREAM_TIMEOUT, 'CALL_STATS', "call-stats' answer could not be read within the request deadline."),
      });
    },
    get circuit() {
      return http.circuit;
    },
    close: () => http.close(),
  };
}
