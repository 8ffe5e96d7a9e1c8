import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApolloServer, HeaderMap } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import type { Config } from '../config/loadConfig.js';
import { createContext, type GatewayContext, type LargeAnswer } from '../context.js';
import type { Logger } from '../logger.js';
import { collectEstimators } from '../limits/analyzeOperation.js';
import { buildSubgraphSchema } from '../schema/buildSubgraphSchema.js';
import { FEDERATION_ESTIMATORS } from '../limits/federationEstimators.js';
import { createSources, type Sources } from '../sources/createSources.js';
import { SOURCES } from '../sources/registry.js';
import type { AnySourceDefinition, SourcesDeps } from '../sources/SourceDefinition.js';
import { createFormatError } from './formatError.js';
import { logUnexpectedErrors } from './plugins/logUnexpectedErrors.js';
import { jitExecutor } from './jitExecutor.js';
import { createGraphiqlHandler } from './graphiql.js';
import { createDashboardHandler } from './dashboard.js';
import { isClientAbort, readBody, sendJsonError } from './readBody.js';
import { callerGone } from './callerGone.js';
import { authorizeSchema } from '../auth/authorize.js';
import { authorizeFederation } from '../auth/authorizeFederation.js';
import type { RateLimiter } from '../limits/rateLimiter.js';
import { createCors } from './plugins/cors.js';
import { createRequestGuard } from './plugins/guardRequest.js';
import { limitsPlugin, type LargeOperations } from './plugins/limitsPlugin.js';
import { createLargeOperationGate } from '../limits/createLargeOperationGate.js';
import { answerBody } from './answerBody.js';
import { streamAnswer } from './streamAnswer.js';
import { expandErrorGroups } from './plugins/expandErrorGroups.js';
import { withCostReportEstimators } from '../costReport/withCostReportEstimators.js';
import { requestErrorStatus, requestErrorStatusPlugin } from './plugins/requestErrorStatus.js';
import { negotiateMediaType } from './negotiateMediaType.js';
import { refuseNonQueryGet } from './refuseNonQueryGet.js';
import { createAuthenticator } from '../auth/authenticate.js';
import { ErrorCode } from '../errors.js';
import { createObservability } from '../observability/createObservability.js';
import { createMetricsHandler } from '../observability/createMetricsHandler.js';
import type { RequestObservation } from '../observability/RequestObservation.js';
import { observeRequests } from './plugins/observeRequests.js';
import { createSharedState, type SharedStateOptions } from './createSharedState.js';
import { createDocumentGate } from '../persisted/createDocumentGate.js';
import { builtInDocuments } from '../persisted/builtInDocuments.js';

export interface GatewayOptions {
  config: Config;
  logger: Logger;
  /** The backends (default: the registry's). A test may add its own definitions here. */
  sources?: readonly AnySourceDefinition[];
  /** Per-backend dispatcher injection by source key (tests, bench). */
  dispatchers?: SourcesDeps['dispatchers'];
  /** Replaces the in-memory rate limiter (a shared store, tests). */
  rateLimiter?: RateLimiter;
  /** The clock that sets each request's "now" (tests pin it; default Date.now). */
  clock?: () => number;
  /** The response cache's clock (tests) and metrics. */
  cacheClock?: SharedStateOptions['cacheClock'];
  cacheEvents?: SharedStateOptions['cacheEvents'];
}

export interface Gateway {
  /** The Node request listener: GraphQL, GraphiQL, the dashboard, health, and /metrics unless METRICS_PORT is set. */
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** The listener of the METRICS_PORT server: /metrics only. */
  handleMetrics(req: IncomingMessage, res: ServerResponse): void;
  readonly schema: GraphQLSchema;
  readonly sources: Sources;
  /** Stops accepting work (readiness goes 503) without closing anything yet. */
  drain(): void;
  /** Stops Apollo, closes every upstream pool and flushes the tracer. */
  close(): Promise<void>;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;
/** What Apollo is handed as a large answer's text (never JSON, so never a real answer). */
const LARGE_ANSWER = '\u0000large answer, streamed by the HTTP server\u0000';

/** Creates the gateway: schema, Apollo Server (started), sources, and the HTTP request listener. */
export async function createGateway({ config, logger: rootLogger, sources: definitions = SOURCES, dispatchers, rateLimiter, clock, cacheClock, cacheEvents }: GatewayOptions): Promise<Gateway> {
  const logger = rootLogger;
  // Served: the client-facing schema as a Federation 2 subgraph (plus `_service`, `_entities`).
  const schema = authorizeFederation(authorizeSchema(buildSubgraphSchema(definitions), definitions), definitions, { introspection: config.introspection });
  const observability = createObservability(config, logger);
  const observe = observability.upstreamObserver;
  const shared = createSharedState(config, logger, {
    cacheClock,
    // The cache reports to metrics, the access line's cacheHits and spans, unless a caller (a test) listens itself.
    cacheEvents: cacheEvents ?? {
      request: (source, result, req) => (req ? observe(source).cached(req, result) : observability.metrics.cacheRequest(source, result)),
      backendError: observability.metrics.cacheBackendError,
    },
  });
  const documents = createDocumentGate(config.documents, builtInDocuments());
  const sources = createSources(definitions, config.sources, { logger, dispatchers, resilience: config.resilience, observe, cache: shared.caches, maxUpstreamBytes: config.bounds.maxUpstreamBytes });
  observability.metrics.watchCircuits(() => sources.statuses());
  const serveMetrics = createMetricsHandler(observability.metrics, config.observability.metricsRequireKey ? await createAuthenticator(config.auth) : null, logger);
  const guard = await createRequestGuard(config, logger, rateLimiter ?? shared.rateLimiter, shared.authFailureThrottle);
  const cors = createCors(config.corsOrigins, Object.values(config.forwardAuth));
  const large: LargeOperations = { minCells: config.bounds.largeResultCells, gate: createLargeOperationGate(config.bounds.maxConcurrentLarge), answers: new WeakMap() };
  const apollo = new ApolloServer<GatewayContext>({
    // Apollo parses, validates and runs the plugins; graphql-jit executes repeated documents
    // (jitExecutor.ts). GRAPHQL_JIT_AFTER=0 is Apollo's own graphql-js execution, untouched.
    ...(config.jitCompileAfter > 0
      ? { gateway: jitExecutor(schema, { compileAfter: config.jitCompileAfter, maxDocuments: 1000 }) }
      : { schema }),
    introspection: config.introspection,
    ...(shared.persistedQueries ? { persistedQueries: shared.persistedQueries } : {}),
    // The process owns SIGTERM/SIGINT (src/index.ts drains, then closes Apollo and the pools);
    // Apollo's own handlers would stop it mid-drain and re-send the signal.
    stopOnTerminationSignals: false,
    // Off by default: a query-only API authenticated by headers, not cookies (README).
    csrfPrevention: config.http.csrfPrevention,
    // Backstop for the token limit checked before parsing (guardRequest).
    parseOptions: { maxTokens: config.limits.maxTokens + 1 },
    includeStacktraceInErrorResponses: config.development,
    hideSchemaDetailsFromClientErrors: config.mode === 'live',
    formatError: createFormatError(config.development),
    // Small answers as Apollo writes them; a large one is left in its request's holder, and the
    // HTTP server streams it in slices (streamAnswer) instead of holding its text in one string.
    stringifyResult: (value) => {
      const holder = value.data ? large.answers.get(value.data) : undefined;
      // The trailing newline is added as the answer is written (answerBody).
      if (!holder) return JSON.stringify(value);
      holder.formatted = value;
      return LARGE_ANSWER;
    },
    logger: {
      debug: (m) => logger.debug(m),
      info: (m) => logger.info(m),
      warn: (m) => logger.warn(m),
      error: (m) => logger.error(m),
    },
    plugins: [
      // Apollo's default cache-control plugin wraps every field resolver (about 10% CPU on big answers).
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      limitsPlugin(config.limits, withCostReportEstimators(collectEstimators([FEDERATION_ESTIMATORS, ...definitions]), definitions), config.bounds.maxResultCells, large),
      requestErrorStatusPlugin(),
      expandErrorGroups(),
      logUnexpectedErrors(),
      observeRequests(),
      ...shared.plugins,
    ],
  });
  await Promise.all([apollo.start(), shared.ready()]);
  const graphiql = createGraphiqlHandler();
  const dashboard = createDashboardHandler();
  const demo = config.mode === 'demo';
  let draining = false;

  async function graphql(req: IncomingMessage, res: ServerResponse, url: URL, requestId: string, requestLogger: Logger, observation: RequestObservation): Promise<void> {
    // The answer's media type depends on Accept; the gateway's own error answers use it too.
    res.setHeader('vary', 'Origin, Accept');
    const mediaType = negotiateMediaType(req.headers.accept);
    if (mediaType) res.setHeader('content-type', `${mediaType}; charset=utf-8`);
    const principal = await guard.admit(req, res, requestLogger);
    if (!principal) return observation.refused(res.statusCode === 429 ? ErrorCode.RATE_LIMITED : ErrorCode.UNAUTHENTICATED);
    if (!mediaType) {
      req.resume();
      sendJsonError(res, 406, 'The accept header allows neither application/json nor application/graphql-response+json.', 'BAD_REQUEST');
      return observation.refused('BAD_REQUEST');
    }
    const raw = await readBody(req, res, config.maxBodyBytes);
    if (raw === undefined) return observation.refused('BAD_REQUEST');
    // Trusted and persisted documents, before anything parses the document.
    const admitted = documents.admit(raw, url, principal, res);
    if (!admitted) return observation.refused('PERSISTED_QUERY_NOT_IN_LIST');
    const { body, search } = admitted;
    if (!guard.checkDocument(body, url, res, requestErrorStatus(mediaType))) return observation.refused(ErrorCode.QUERY_TOO_COMPLEX);
    if (req.method === 'GET' && refuseNonQueryGet(url, res, config.limits.maxTokens + 1)) return observation.refused('BAD_REQUEST');
    const headers = new HeaderMap();
    for (const [k, v] of Object.entries(req.headers)) {
      if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
    }
    // Apollo sees the negotiated type alone, so its content type and our status rule agree.
    headers.set('accept', mediaType);
    const forwarded = guard.forwarded(req);
    const signal = callerGone(res);
    const whenWritten: Array<() => void> = [];
    const largeAnswer: LargeAnswer = {};
    try {
      const result = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers, search, body },
        context: async () =>
          createContext({ sources, demo, requestTimeoutMs: config.requestTimeoutMs, logger: requestLogger, requestId, principal, forwarded, signal, now: clock?.(), observation, cache: shared.requestCache(principal, req.headers), whenWritten, largeAnswer }),
      });
      for (const [k, v] of result.headers) res.setHeader(k, v);
      res.statusCode = result.status ?? 200;
      if (result.body.kind === 'complete' && result.body.string === LARGE_ANSWER && largeAnswer.formatted !== undefined) {
        // The request's whole time budget again for the writing alone: ample for any client that reads.
        if (!(await streamAnswer(res, largeAnswer.formatted, config.requestTimeoutMs))) {
          requestLogger.debug('a large answer was not written: the client closed the connection or stopped reading');
        }
        observation.finish(res.statusCode);
        return;
      }
      if (result.body.kind === 'complete') {
        res.end(answerBody(result.body.string));
        observation.finish(res.statusCode, result.body.string);
        return;
      }
      for await (const chunk of result.body.asyncIterator) res.write(chunk);
      res.end();
    } finally {
      // E.g. a large operation's slot, held until its answer is serialized and handed to the socket.
      for (const done of whenWritten) done();
    }
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const incoming = req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('x-request-id', requestId);
    const url = new URL(req.url ?? '/', 'http://gateway.local');
    const path = url.pathname;
    if (path === '/graphql') {
      if (cors(req, res)) return;
      if (graphiql(req, res, path)) return;
      const requestLogger = rootLogger.child({ requestId });
      const observation = observability.startRequest(req, requestId, requestLogger);
      graphql(req, res, url, requestId, requestLogger, observation)
        .catch((err: unknown) => {
          if (isClientAbort(req)) {
            observation.aborted();
            logger.debug({ requestId, reason: (err as { code?: string })?.code }, 'the client closed the connection before the request was read');
            res.destroy();
            return;
          }
          logger.error({ err, requestId }, 'request failed outside GraphQL execution');
          observation.refused(ErrorCode.INTERNAL_SERVER_ERROR);
          if (!res.headersSent) sendJsonError(res, 500, 'Internal server error', 'INTERNAL_SERVER_ERROR');
          else res.destroy();
        })
        .finally(() => observation.finish(res.statusCode));
      return;
    }
    if (path === '/metrics' && config.observability.metricsPort === null) {
      handleMetrics(req, res);
      return;
    }
    if (path === '/' && (req.method === 'GET' || req.method === 'HEAD')) {
      res.writeHead(302, { location: '/graphql' });
      res.end();
      return;
    }
    if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"status":"ok"}');
      return;
    }
    if (path === '/readyz') {
      // An open circuit fails only its own source's fields, so it does not make the gateway
      // unready; it is reported for dashboards and alerts.
      const circuits = Object.fromEntries(sources.statuses().filter((s) => s.configured).map((s) => [s.source, s.circuit]));
      res.writeHead(draining ? 503 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: draining ? 'draining' : 'ready', circuits }));
      return;
    }
    if (graphiql(req, res, path)) return;
    if (dashboard(req, res, path)) return;
    sendJsonError(res, 404, `Nothing at ${path.slice(0, 100)}; GraphQL is served at /graphql.`, 'NOT_FOUND');
  }

  function handleMetrics(req: IncomingMessage, res: ServerResponse): void {
    const path = new URL(req.url ?? '/', 'http://gateway.local').pathname;
    if (path !== '/metrics') {
      sendJsonError(res, 404, `Nothing at ${path.slice(0, 100)}; the metrics are served at /metrics.`, 'NOT_FOUND');
      return;
    }
    serveMetrics(req, res).catch((err: unknown) => {
      logger.error({ err }, 'serving /metrics failed');
      if (!res.headersSent) sendJsonError(res, 500, 'Internal server error', 'INTERNAL_SERVER_ERROR');
      else res.destroy();
    });
  }

  return {
    handle,
    handleMetrics,
    schema,
    sources,
    drain: () => {
      draining = true;
    },
    close: async () => {
      draining = true;
      await apollo.stop();
      await sources.close();
      await observability.close();
      await shared.close();
    },
  };
}
