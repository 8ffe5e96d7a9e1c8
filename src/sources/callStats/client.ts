import type { Dispatcher } from 'undici';
import type { CallStatsConfig, ResilienceConfig } from '../../config.js';
import { ErrorCode, UpstreamError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { CircuitState } from '../../resilience/circuitBreaker.js';
import { createHttpSource, type HttpSource } from '../http.js';
import type { RequestScope } from '../scope.js';
import { toCallStatsResult } from './mapping.js';
import { toUpstreamBody } from './request.js';
import type { CallStatsRequest, CallStatsResponseBody, CallStatsResult } from './types.js';

/** Calls `POST /calls/stats`; requests arrive validated and canonical. */
export interface CallStatsClient {
  stats(request: CallStatsRequest, scope: RequestScope): Promise<CallStatsResult>;
  /** The circuit breaker's state of this backend (readiness, `gateway { sources }`). */
  readonly circuit: CircuitState;
  close(): Promise<void>;
}

export interface CallStatsClientOptions {
  config: CallStatsConfig;
  logger?: Logger;
  dispatcher?: Dispatcher;
  resilience?: ResilienceConfig;
}

// Body fields of the upstream → our argument names, for messages in the caller's terms.
const FIELD_NAMES: Record<string, string> = {
  project_id: 'projectId',
  start: 'range.start',
  end: 'range.end',
  granularity: 'granularity',
  timezone: 'timezone',
  usage_metrics: 'usageMetrics',
  call_metrics: 'callMetrics',
  filter: 'filter',
};

/** Which of our arguments a 422 `detail` list points at (only known names; never upstream text). */
function argumentsBlamed(detail: unknown): string[] {
  const names = new Set<string>();
  // A 400 says why in a `reason` sentence: read it to classify, never to repeat.
  const reason = (detail as { reason?: unknown } | null)?.reason;
  if (typeof reason === 'string') {
    if (/time ?zone/i.test(reason)) names.add('timezone');
    if (/percentile/i.test(reason)) names.add('percentiles');
  }
  const list = (detail as { detail?: unknown } | null)?.detail;
  if (!Array.isArray(list)) return [...names];
  for (const d of list) {
    const loc = (d as { loc?: unknown })?.loc;
    if (!Array.isArray(loc)) continue;
    const field = loc.find((part) => typeof part === 'string' && part in FIELD_NAMES) as string | undefined;
    if (field) names.add(FIELD_NAMES[field]!);
  }
  return [...names].sort();
}

/**
 * Re-words the upstream's refusals in our terms. The caller's mistakes are caught before the
 * call, so a 400/422 that still happens is the gateway's request being refused.
 */
function remap(err: unknown, request: CallStatsRequest): never {
  if (!(err instanceof UpstreamError)) throw err;
  const status = err.upstreamStatus;
  const extra = { upstreamStatus: status, detail: err.detail };
  if (status === 404) {
    throw new UpstreamError(ErrorCode.NOT_FOUND, 'CALL_STATS', `CALL_STATS does not know the project ${JSON.stringify(request.projectId)} (HTTP 404).`, extra);
  }
  if (status === 400 || status === 422) {
    const blamed = argumentsBlamed(err.detail);
    const where = blamed.length > 0 ? ` It objected to: ${blamed.join(', ')}.` : '';
    throw new UpstreamError(ErrorCode.UPSTREAM_REJECTED, 'CALL_STATS', `CALL_STATS refused the gateway's request as invalid (HTTP ${status}).${where}`, extra);
  }
  if (status === 413) {
    throw new UpstreamError(ErrorCode.UPSTREAM_REJECTED, 'CALL_STATS', 'CALL_STATS refused the request as too large (HTTP 413); ask for fewer metrics, a shorter range or a larger granularity.', extra);
  }
  throw err;
}

export function createCallStatsClient({ config, logger, dispatcher, resilience }: CallStatsClientOptions): CallStatsClient {
  const http: HttpSource = createHttpSource({ source: 'CALL_STATS', baseUrl: config.baseUrl, logger, dispatcher, resilience });
  // The user name is literally `api` (CONTRACTS.md §3).
  const headers = { authorization: `Basic ${Buffer.from(`api:${config.apiKey}`, 'utf8').toString('base64')}` };

  return {
    async stats(request, scope) {
      let body: CallStatsResponseBody;
      try {
        // A read-only POST: safe to retry on 429/502/503 within the deadline.
        const res = await http.request<CallStatsResponseBody>({
          method: 'POST',
          path: 'calls/stats',
          headers,
          body: toUpstreamBody(request),
          deadline: scope.deadline,
        scope,
          idempotent: true,
        });
        body = res.body;
      } catch (err) {
        remap(err, request);
      }
      return toCallStatsResult(body, request);
    },
    get circuit() {
      return http.circuit;
    },
    close: () => http.close(),
  };
}
