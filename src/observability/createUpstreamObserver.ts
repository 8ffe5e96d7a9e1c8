import { SpanStatusCode, type SpanContext } from '@opentelemetry/api';
import { ErrorCode } from '../errors.js';
import type { UpstreamExchange, UpstreamObserver, UpstreamRequest } from '../sources/http.js';
import { statusClassOf, type SourceMetrics, type UpstreamStatusClass } from './createMetrics.js';
import { traceHeaders } from './RequestTrace.js';

/** The path template a span shows: the client's, else `{path}` (never the path itself). */
function templateOf(req: UpstreamRequest): string {
  return `/${(req.template ?? '{path}').replace(/^\//, '')}`;
}

/**
 * The one instrumentation of a backend's HTTP layer: per HTTP request sent, the metrics, the
 * request's tally and (when the request is traced) a CLIENT span whose context travels in
 * `traceparent`. A call that joins a shared request counts as a join, not as a request.
 */
export function createUpstreamObserver(source: string, metrics: SourceMetrics, cacheBackendError: () => void): UpstreamObserver {
  // CLIENT spans of the shared requests in flight, for the joiners' links (traced requests only).
  const owners = new Map<string, SpanContext>();

  return {
    sent(req, headers, flightKey): UpstreamExchange {
      metrics.sent();
      const scope = req.scope;
      if (scope?.tally) scope.tally.upstreamCalls++;
      const started = performance.now();
      const template = scope?.trace ? templateOf(req) : '';
      const span = scope?.trace ? scope.trace.startUpstream(source, req.method, template) : null;
      const spanContext = span?.spanContext();
      if (flightKey && spanContext) owners.set(flightKey, spanContext);
      return {
        headers: span ? { ...headers, ...traceHeaders(span) } : headers,
        finished(status, error) {
          const statusClass: UpstreamStatusClass = error ? (error.code === ErrorCode.UPSTREAM_TIMEOUT ? 'timeout' : 'error') : statusClassOf(status ?? 0);
          metrics.finished(statusClass, (performance.now() - started) / 1000);
          if (!span) return;
          if (flightKey && owners.get(flightKey) === spanContext) owners.delete(flightKey);
          if (status !== undefined) span.setAttribute('http.response.status_code', status);
          if (error || (status !== undefined && status >= 400)) {
            span.setAttribute('error.type', error ? statusClass : String(status));
            span.setStatus({ code: SpanStatusCode.ERROR });
          }
          span.end();
        },
      };
    },
    joined(req, flightKey) {
      metrics.joined();
      req.scope?.trace?.joined(source, templateOf(req), owners.get(flightKey));
    },
    cached(req, result) {
      metrics.cache(result);
      // A hit or a stale answer is served from the cache: no upstream request for this call.
      if ((result === 'hit' || result === 'stale') && req.scope?.tally) req.scope.tally.cacheHits++;
      req.scope?.trace?.cached(source, templateOf(req), result);
    },
    cacheBackendError,
  };
}
