import type { IncomingHttpHeaders } from 'node:http';
import { defaultTextMapGetter, ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
import { OTLPTraceExporter as OtlpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BasicTracerProvider,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type Sampler,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import type { TracingConfig } from '../config/tracingConfig.js';
import type { Logger } from '../logger.js';
import { GATEWAY_VERSION } from '../version.js';
import { propagator, RequestTrace } from './RequestTrace.js';

/** The gateway's tracer: one provider per gateway instance, never registered globally. */
export interface Tracing {
  /** Starts the SERVER span of a GraphQL request, continuing the caller's `traceparent`. */
  startRequest(headers: IncomingHttpHeaders, method: string, requestId: string): RequestTrace;
  /** Ends the provider: exports every finished span first. */
  shutdown(): Promise<void>;
}

function samplerOf(config: TracingConfig): Sampler {
  switch (config.sampler) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(config.samplerRatio);
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(config.samplerRatio) });
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}

/** Logs a failed export (without the endpoint's headers, which may hold credentials). */
function logged(exporter: SpanExporter, logger: Logger): SpanExporter {
  return {
    export(spans, done) {
      exporter.export(spans, (result) => {
        if (result.code !== 0) logger.warn({ spans: spans.length, err: { message: result.error?.message } }, 'OTLP trace export failed');
        done(result);
      });
    },
    shutdown: () => exporter.shutdown(),
    forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve(),
  };
}

/** The tracer of one gateway, or null when tracing is off (then no span object is ever made). */
export function createTracing(config: TracingConfig, logger: Logger): Tracing | null {
  if (!config.endpoint) return null;
  const options = { url: config.endpoint, headers: { ...config.headers }, timeoutMillis: config.timeoutMs };
  const exporter = config.protocol === 'http/json' ? new OtlpJsonExporter(options) : new OtlpProtobufExporter(options);
  const provider = new BasicTracerProvider({
    resource: defaultResource().merge(
      resourceFromAttributes({ ...config.resourceAttributes, 'service.name': config.serviceName, 'service.version': GATEWAY_VERSION }),
    ),
    sampler: samplerOf(config),
    spanProcessors: [new BatchSpanProcessor(logged(exporter, logger))],
  });
  const tracer = provider.getTracer('analytics-gateway', GATEWAY_VERSION);
  // The endpoint's host is not secret, but its headers are: only the URL's origin is logged.
  logger.info({ endpoint: new URL(config.endpoint).origin, protocol: config.protocol, sampler: config.sampler }, 'OpenTelemetry tracing is on');

  return {
    startRequest(headers, method, requestId) {
      const parent = propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
      const server = tracer.startSpan(
        'GraphQL Operation',
        { kind: SpanKind.SERVER, attributes: { 'http.request.method': method, 'url.path': '/graphql', 'gateway.request_id': requestId } },
        parent,
      );
      return new RequestTrace(tracer, server, parent);
    },
    shutdown: () => provider.shutdown(),
  };
}
