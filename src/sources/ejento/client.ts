import type { Dispatcher } from 'undici';
import type { EjentoConfig, ResilienceConfig } from '../../config.js';
import { ErrorCode, UpstreamError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { CircuitState } from '../../resilience/circuitBreaker.js';
import { createHttpSource, type HttpSource, type QueryValue } from '../http.js';
import type { RequestScope } from '../scope.js';
import { toRow, unwrapEnvelope } from './mapping.js';
import type { EjentoOperation } from './operations.js';
import type { EjentoBucketName, EjentoEnvelope, EjentoRow, EjentoWindowSpec, RowMetric } from './types.js';
import { bucketQuery } from './window.js';

/** Parameters of one analytics call; all already validated. */
export interface EjentoCallParams {
  /** Repeated `<e>_id`; omitted = every accessible entity (then `limit` picks the top N). */
  ids?: readonly string[];
  window?: EjentoWindowSpec | null;
  bucket?: EjentoBucketName | null;
  /** Top-N entities per bucket; omitted = Ejento's default (10). */
  limit?: number;
}

/** Calls Ejento's analytics operations (any of the 46, described by `op`). */
export interface EjentoClient {
  rows<M extends RowMetric>(op: EjentoOperation & { metric: M }, params: EjentoCallParams, scope: RequestScope): Promise<Array<EjentoRow<M>>>;
  object(op: EjentoOperation, params: EjentoCallParams, scope: RequestScope): Promise<Record<string, unknown>>;
  /** The circuit breaker's state of this backend (readiness, `gateway { sources }`). */
  readonly circuit: CircuitState;
  close(): Promise<void>;
}

export interface EjentoClientOptions {
  config: EjentoConfig;
  logger?: Logger;
  dispatcher?: Dispatcher;
  resilience?: ResilienceConfig;
}

/** Whether an API-manager 401 body (`{statusCode, message}`) is about the subscription key (read to classify, never repeated). */
function blamesSubscriptionKey(detail: unknown): boolean {
  const message = (detail as { message?: unknown } | null)?.message;
  return typeof message === 'string' && /subscription[ -]?key/i.test(message);
}

export function createEjentoClient({ config, logger, dispatcher, resilience }: EjentoClientOptions): EjentoClient {
  const http: HttpSource = createHttpSource({ source: 'EJENTO', baseUrl: config.baseUrl, logger, dispatcher, resilience });
  const headers = { 'ocp-apim-subscription-key': config.subscriptionKey, authorization: `Bearer ${config.token}` };

  async function call(op: EjentoOperation, p: EjentoCallParams, scope: RequestScope) {
    const query: Record<string, QueryValue> = {};
    if (p.ids && p.ids.length > 0 && op.entityField) query[`${op.entityField}_id`] = p.ids;
    if (op.windowed && p.window) Object.assign(query, p.window.query);
    Object.assign(query, bucketQuery(p.bucket ?? null));
    if (p.limit !== undefined) query.limit = p.limit;
    try {
      const res = await http.request<EjentoEnvelope>({ method: 'GET', path: op.path, query, headers, deadline: scope.deadline, scope });
      return unwrapEnvelope(res.body, op);
    } catch (err) {
      // The API manager's 401 about the subscription key refuses the gateway's own credential
      // (the key is never forwarded), even when the caller forwarded the bearer token.
      if (err instanceof UpstreamError && err.upstreamStatus === 401 && err.code !== ErrorCode.UPSTREAM_REJECTED && blamesSubscriptionKey(err.detail)) {
        throw new UpstreamError(ErrorCode.UPSTREAM_REJECTED, 'EJENTO', "EJENTO's API manager refused the gateway's subscription key (HTTP 401).", {
          upstreamStatus: 401,
          detail: err.detail,
        });
      }
      // Every argument was validated before this call, so a 400 is Ejento disagreeing with a
      // request we built: say so in our words (never its body).
      if (err instanceof UpstreamError && err.upstreamStatus === 400) {
        throw new UpstreamError(ErrorCode.UPSTREAM_REJECTED, 'EJENTO', `EJENTO rejected the gateway's ${op.metric} request (HTTP 400).`, {
          upstreamStatus: 400,
          detail: err.detail,
        });
      }
      throw err;
    }
  }

  return {
    async rows(op, p, scope) {
      const payload = (await call(op, p, scope)) as unknown[];
      return payload.map((raw) => toRow(raw, op));
    },
    async object(op, p, scope) {
      return (await call(op, p, scope)) as Record<string, unknown>;
    },
    get circuit() {
      return http.circuit;
    },
    close: () => http.close(),
  };
}
