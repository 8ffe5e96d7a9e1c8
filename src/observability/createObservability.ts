import type { IncomingMessage } from 'node:http';
import type { Config } from '../config/loadConfig.js';
import type { Logger } from '../logger.js';
import { createMetrics, type GatewayMetrics } from './createMetrics.js';
import { createTracing, type Tracing } from './createTracing.js';
import type { UpstreamObserver } from '../sources/http.js';
import { createUpstreamObserver } from './createUpstreamObserver.js';
import { RequestObservation } from './RequestObservation.js';

/** Metrics, tracing and the access log of one gateway instance. */
export interface Observability {
  readonly metrics: GatewayMetrics;
  /** Null when tracing is off. */
  readonly tracing: Tracing | null;
  /** The observer of one backend's HTTP layer (by its `Source` name). */
  upstreamObserver(source: string): UpstreamObserver;
  /** Starts observing one GraphQL request (its SERVER span starts now when tracing is on). */
  startRequest(req: IncomingMessage, requestId: string, logger: Logger): RequestObservation;
  /** Flushes and stops the tracer. */
  close(): Promise<void>;
}

export function createObservability(config: Pick<Config, 'observability' | 'tracing'>, logger: Logger): Observability {
  const metrics = createMetrics();
  const tracing = createTracing(config.tracing, logger);
  const accessLog = config.observability.accessLog;
  const observers = new Map<string, UpstreamObserver>();
  return {
    metrics,
    tracing,
    // One observer per backend: its HTTP layer and the cache report to the same one.
    upstreamObserver: (source) => observers.get(source) ?? observers.set(source, createUpstreamObserver(source, metrics.source(source), metrics.cacheBackendError)).get(source)!,
    startRequest: (req, requestId, requestLogger) =>
      new RequestObservation(metrics, requestLogger, accessLog, tracing ? tracing.startRequest(req.headers, (req.method ?? 'GET').toUpperCase(), requestId) : null),
    close: async () => {
      await tracing?.shutdown();
    },
  };
}
