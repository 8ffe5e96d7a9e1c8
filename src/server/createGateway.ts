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
import { createContext, type GatewayContext } from '../context.js';
import type { Logger } from '../logger.js';
import { collectEstimators } from '../limits/analyzeOperation.js';
import { buildSchema } from '../schema/buildSchema.js';
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
import type { RateLimiter } from '../limits/rateLimiter.js';
import { createCors } from './plugins/cors.js';
import { createRequestGuard } from './plugins/guardRequest.js';
import { limitsPlugin } from './plugins/limitsPlugin.js';
import { requestErrorStatus, requestErrorStatusPlugin } from './plugins/requestErrorStatus.js';
import { negotiateMediaType } from './negotiateMediaType.js';
import { refuseNonQueryGet } from './refuseNonQueryGet.js';

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
}

export interface Gateway {
  /** The Node request listener: GraphQL, GraphiQL, the dashboard, health. */
  handle(req: IncomingMessage, res: ServerResponse): void;
  readonly schema: GraphQLSchema;
  readonly sources: Sources;
  /** Stops accepting work (readiness goes 503) without closing anything yet. */
  drain(): void;
  /** Stops Apollo and closes every upstream pool. */
  close(): Promise<void>;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Creates the gateway: schema, Apollo Server (started), sources, and the HTTP request listener. */
export async function createGateway({ config, logger: rootLogger, sources: definitions = SOURCES, dispatchers, rateLimiter, clock }: GatewayOptions): Promise<Gateway> {
  const logger = rootLogger;
  const schema = authorizeSchema(buildSchema(definitions), definitions);
  const sources = createSources(definitions, config.sources, { logger, dispatchers, resilience: config.resilience, maxUpstreamBytes: config.bounds.maxUpstreamBytes });
  const guard = await createRequestGuard(config, logger, rateLimiter);
  const cors = createCors(config.corsOrigins, Object.values(config.forwardAuth));
  const apollo = new ApolloServer<GatewayContext>({
    // Apollo parses, validates and runs the plugins; graphql-jit executes repeated documents
    // (jitExecutor.ts). GRAPHQL_JIT_AFTER=0 is Apollo's own graphql-js execution, untouched.
    ...(config.jitCompileAfter > 0
      ? { gateway: jitExecutor(schema, { compileAfter: config.jitCompileAfter, maxDocuments: 1000 }) }
      : { schema }),
    introspection: config.introspection,
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
      limitsPlugin(config.limits, collectEstimators(definitions), config.bounds.maxResultCells),
      requestErrorStatusPlugin(),
      logUnexpectedErrors(),
    ],
  });
  await apollo.start();
  const graphiql = createGraphiqlHandler();
  const dashboard = createDashboardHandler();
  const demo = config.mode === 'demo';
  let draining = false;

  async function graphql(req: IncomingMessage, res: ServerResponse, url: URL, requestId: string): Promise<void> {
    const requestLogger = rootLogger.child({ requestId });
    // The answer's media type depends on Accept; the gateway's own error answers use it too.
    res.setHeader('vary', 'Origin, Accept');
    const mediaType = negotiateMediaType(req.headers.accept);
    if (mediaType) res.setHeader('content-type', `${mediaType}; charset=utf-8`);
    const principal = await guard.admit(req, res, requestLogger);
    if (!principal) return;
    if (!mediaType) {
      req.resume();
      sendJsonError(res, 406, 'The accept header allows neither application/json nor application/graphql-response+json.', 'BAD_REQUEST');
      return;
    }
    const body = await readBody(req, res, config.maxBodyBytes);
    if (body === undefined) return;
    if (!guard.checkDocument(body, url, res, requestErrorStatus(mediaType))) return;
    if (req.method === 'GET' && refuseNonQueryGet(url, res, config.limits.maxTokens + 1)) return;
    const headers = new HeaderMap();
    for (const [k, v] of Object.entries(req.headers)) {
      if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
    }
    // Apollo sees the negotiated type alone, so its content type and our status rule agree.
    headers.set('accept', mediaType);
    const forwarded = guard.forwarded(req);
    const signal = callerGone(res);
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers, search: url.search, body },
      context: async () =>
        createContext({ sources, demo, requestTimeoutMs: config.requestTimeoutMs, logger: requestLogger, requestId, principal, forwarded, signal, now: clock?.() }),
    });
    for (const [k, v] of result.headers) res.setHeader(k, v);
    res.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') {
      res.end(result.body.string);
      return;
    }
    for await (const chunk of result.body.asyncIterator) res.write(chunk);
    res.end();
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
      graphql(req, res, url, requestId).catch((err: unknown) => {
        if (isClientAbort(req)) {
          logger.debug({ requestId, reason: (err as { code?: string })?.code }, 'the client closed the connection before the request was read');
          res.destroy();
          return;
        }
        logger.error({ err, requestId }, 'request failed outside GraphQL execution');
        if (!res.headersSent) sendJsonError(res, 500, 'Internal server error', 'INTERNAL_SERVER_ERROR');
        else res.destroy();
      });
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

  return {
    handle,
    schema,
    sources,
    drain: () => {
      draining = true;
    },
    close: async () => {
      draining = true;
      await apollo.stop();
      await sources.close();
    },
  };
}
