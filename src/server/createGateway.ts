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
import { readBody, sendJsonError } from './readBody.js';
import { authorizeSchema } from '../auth/authorize.js';
import type { RateLimiter } from '../limits/rateLimiter.js';
import { createCors } from './plugins/cors.js';
import { createRequestGuard } from './plugins/guardRequest.js';
import { limitsPlugin } from './plugins/limitsPlugin.js';
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
  /** The Node request listener: GraphQL, GraphiQL, health. */
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
export async function createGateway({ config, logger: rootLogger, sources: definitions = SOURCES, dispatchers, rateLimiter, clock, cacheClock, cacheEvents }: GatewayOptions): Promise<Gateway> {
  const logger = rootLogger;
  const schema = authorizeSchema(buildSchema(definitions), definitions);
  const shared = createSharedState(config, logger, { cacheClock, cacheEvents });
  const documents = createDocumentGate(config.documents, builtInDocuments());
  const sources = createSources(definitions, config.sources, { logger, dispatchers, resilience: config.resilience, cache: shared.caches });
  const guard = await createRequestGuard(config, logger, rateLimiter ?? shared.rateLimiter);
  const cors = createCors(config.corsOrigins, Object.values(config.forwardAuth));
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
    csrfPrevention: true,
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
      limitsPlugin(config.limits, collectEstimators(definitions)),
      logUnexpectedErrors(),
      ...shared.plugins,
    ],
  });
  await Promise.all([apollo.start(), shared.ready()]);
  const graphiql = createGraphiqlHandler();
  const demo = config.mode === 'demo';
  let draining = false;

  async function graphql(req: IncomingMessage, res: ServerResponse, url: URL, requestId: string): Promise<void> {
    const requestLogger = rootLogger.child({ requestId });
    const principal = await guard.admit(req, res, requestLogger);
    if (!principal) return;
    const raw = await readBody(req, res, config.maxBodyBytes);
    if (raw === undefined) return;
    // Trusted and persisted documents, before anything parses the document.
    const admitted = documents.admit(raw, url, principal, res);
    if (!admitted) return;
    const { body, search } = admitted;
    if (!guard.checkDocument(body, url, res)) return;
    const headers = new HeaderMap();
    for (const [k, v] of Object.entries(req.headers)) {
      if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
    }
    const forwarded = guard.forwarded(req);
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers, search, body },
      context: async () =>
        createContext({ sources, demo, requestTimeoutMs: config.requestTimeoutMs, logger: requestLogger, requestId, principal, forwarded, now: clock?.(), cache: shared.requestCache(principal, req.headers) }),
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
      await shared.close();
    },
  };
}
