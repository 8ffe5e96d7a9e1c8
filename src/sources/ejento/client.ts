import type { CircuitState } from '../../resilience/circuitBreaker.js';
import type { QueryValue } from '../http.js';
import type { SourceClientDeps } from '../SourceDefinition.js';
import type { RequestScope } from '../scope.js';
import { toRow, unwrapEnvelope } from './mapping.js';
import type { EjentoOperation } from './operations.js';
import type { EjentoConfig } from './settings.js';
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

export function createEjentoClient(config: EjentoConfig, { http }: Pick<SourceClientDeps, 'http'>): EjentoClient {
  const headers = { 'ocp-apim-subscription-key': config.subscriptionKey, authorization: `Bearer ${config.token}` };

  async function call(op: EjentoOperation, p: EjentoCallParams, scope: RequestScope) {
    const query: Record<string, QueryValue> = {};
    if (p.ids && p.ids.length > 0 && op.entityField) query[`${op.entityField}_id`] = p.ids;
    if (op.windowed && p.window) Object.assign(query, p.window.query);
    Object.assign(query, bucketQuery(p.bucket ?? null));
    if (p.limit !== undefined) query.limit = p.limit;
    const res = await http.request<EjentoEnvelope>({ method: 'GET', path: op.path, template: op.template, query, headers, deadline: scope.deadline, scope, what: op.metric });
    return unwrapEnvelope(res.body, op);
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
