import { defaultTextMapSetter, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Span, type SpanContext, type Tracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

/** W3C trace context, used with explicit contexts only (no global propagator is registered). */
export const propagator = new W3CTraceContextPropagator();

/**
 * The spans of one GraphQL request: its SERVER span, the parse/validate/execute children, and
 * the CLIENT span of every upstream request. Contexts are passed explicitly (no
 * AsyncLocalStorage, whose promise hooks cost too much CPU per request); upstream calls find
 * their parent through the request scope.
 */
export class RequestTrace {
  private readonly serverContext: Context;
  private execute: Span | null = null;
  private executeContext: Context | null = null;

  constructor(
    private readonly tracer: Tracer,
    readonly server: Span,
    parent: Context,
  ) {
    this.serverContext = trace.setSpan(parent, server);
  }

  /** A child of the SERVER span (graphql.parse, graphql.validate). */
  child(name: string): Span {
    return this.tracer.startSpan(name, { kind: SpanKind.INTERNAL }, this.serverContext);
  }

  /** graphql.execute starts: upstream calls from now on are its children. */
  executionStarted(): void {
    this.execute = this.child('graphql.execute');
    this.executeContext = trace.setSpan(this.serverContext, this.execute);
  }

  executionEnded(error?: Error): void {
    if (!this.execute) return;
    if (error) this.execute.setStatus({ code: SpanStatusCode.ERROR });
    this.execute.end();
    this.execute = null;
    this.executeContext = null;
  }

  /** The resolved operation: named on the SERVER span (`query CostReport`). */
  operation(name: string | null, type: string | null): void {
    if (type) this.server.setAttribute('graphql.operation.type', type);
    if (name) this.server.setAttribute('graphql.operation.name', name);
    if (type) this.server.updateName(name ? `${type} ${name}` : type);
  }

  /** Starts the CLIENT span of one upstream HTTP request; `template` is a path template, never a URL. */
  startUpstream(source: string, method: string, template: string): Span {
    return this.tracer.startSpan(
      `${method} ${template}`,
      { kind: SpanKind.CLIENT, attributes: { 'gateway.source': source, 'http.request.method': method, 'url.template': template } },
      this.executeContext ?? this.serverContext,
    );
  }

  /**
   * A call shared another call's upstream request (single flight): an event, and a link to the
   * owner's CLIENT span when it is known, on the span the call would have been a child of.
   */
  joined(source: string, template: string, owner: SpanContext | undefined): void {
    const span = this.execute ?? this.server;
    const attributes = { 'gateway.source': source, 'url.template': template };
    if (owner) span.addLink({ context: owner, attributes: { ...attributes, 'gateway.link': 'single_flight_owner' } });
    span.addEvent('gateway.single_flight.joined', attributes);
  }

  /** The upstream cache answered (or missed) a call: an event on the span the call is part of. */
  cached(source: string, template: string, result: string): void {
    (this.execute ?? this.server).addEvent('gateway.cache', { 'gateway.source': source, 'url.template': template, 'gateway.cache.result': result });
  }

  /** Ends the SERVER span with the HTTP status and the first error code of the response. */
  end(httpStatus: number, codes: readonly string[]): void {
    this.executionEnded();
    this.server.setAttribute('http.response.status_code', httpStatus);
    if (codes.length > 0) {
      this.server.setAttribute('gateway.error_code', codes[0]!);
      this.server.setStatus({ code: SpanStatusCode.ERROR });
    }
    this.server.end();
  }
}

/** The `traceparent` (and `tracestate`) headers that carry `span` to an upstream. */
export function traceHeaders(span: Span): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagator.inject(trace.setSpan(ROOT_CONTEXT, span), carrier, defaultTextMapSetter);
  return carrier;
}
