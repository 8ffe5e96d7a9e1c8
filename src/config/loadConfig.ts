import { FEDERATION_SCOPE } from '../auth/federationScope.js';
import { SOURCES } from '../sources/registry.js';
import type { AnySourceDefinition } from '../sources/SourceDefinition.js';
import { AUTH_VARIABLES, readAuthConfig, type AuthConfig } from './authConfig.js';
import { AUTH_THROTTLE_VARIABLES, readAuthThrottleConfig, type AuthThrottleConfig } from './authThrottleConfig.js';
import { CACHE_VARIABLES, readCacheConfig, type CacheConfig } from './cacheConfig.js';
import { ANY_DOCUMENT_SCOPE, DOCUMENTS_VARIABLES, readDocumentsConfig, type DocumentsConfig } from './documentsConfig.js';
import { BOUNDS_VARIABLES, readBoundsConfig, type BoundsConfig } from './boundsConfig.js';
import { bool, ConfigError, deepFreeze, int, mergeConfigFile, type Env } from './env.js';
import { HTTP_VARIABLES, readHttpConfig, type HttpConfig } from './httpConfig.js';
import { LOGGING_VARIABLES, readLoggingConfig, type LoggingConfig } from './loggingConfig.js';
import { LIMITS_VARIABLES, readLimitsConfig, readRateLimitConfig, type LimitsConfig, type RateLimitConfig } from './limitsConfig.js';
import { readRedisConfig, REDIS_VARIABLES, type RedisConfig } from './redisConfig.js';
import { readResilienceConfig, RESILIENCE_VARIABLES, type ResilienceConfig } from './resilienceConfig.js';
import { readForwardAuth, readSourcesConfig, sourceVariables, type SourcesConfig } from './sourcesConfig.js';
import { OBSERVABILITY_VARIABLES, readObservabilityConfig, type ObservabilityConfig } from './observabilityConfig.js';
import { readTracingConfig, TRACING_VARIABLES, type TracingConfig } from './tracingConfig.js';

/**
 * The only reader of process.env and config files. Everything is validated once at start-up
 * and frozen; a bad value stops start-up with a message naming the variable and the expected
 * form. Per-source variables come from each source's definition in the registry.
 */
export interface Config {
  /** `demo` when no base URL is configured: built-in simulated backends serve demo data. */
  mode: 'demo' | 'live';
  /** PORT (default 4000). */
  port: number;
  /** HOST (default 127.0.0.1 in demo mode, 0.0.0.0 in live mode). */
  host: string;
  /** REQUEST_TIMEOUT_MS: the deadline every upstream call of a request inherits (default 10000). */
  requestTimeoutMs: number;
  /** LOG_LEVEL: pino level (default info). */
  logLevel: string;
  /** NODE_ENV === 'development': stack traces in error responses. */
  development: boolean;
  /** INTROSPECTION: on/off (default on in demo mode, off in live mode). */
  introspection: boolean;
  /** MAX_BODY_BYTES: largest accepted request body (default 1 MiB). */
  maxBodyBytes: number;
  /** GRAPHQL_JIT_AFTER: executions of a document before graphql-jit compiles it (default 2; 0 = graphql-js only). */
  jitCompileAfter: number;
  /** Each source's configuration by source key (null: not configured). */
  sources: SourcesConfig;
  /** Caller authentication and per-principal policy. */
  auth: AuthConfig;
  /** CORS_ORIGINS: origins allowed cross-origin access (empty: none; `*`: any). */
  corsOrigins: readonly string[];
  /** Document limits checked before any upstream call. */
  limits: LimitsConfig;
  /** Token bucket per principal. */
  rateLimit: RateLimitConfig;
  /** Circuit breaker, concurrency cap and retries of every upstream. */
  resilience: ResilienceConfig;
  /** `<SOURCE>_FORWARD_AUTH_HEADER`: Source name → client header whose value replaces the upstream Authorization. */
  forwardAuth: Readonly<Record<string, string>>;
  /** TRUSTED_PROXIES, AUTH_FAILURE_BURST / AUTH_FAILURE_RPS: throttling of failed authentications. */
  authThrottle: AuthThrottleConfig;
  /** GraphQL over HTTP (CSRF_PREVENTION). */
  http: HttpConfig;
  /** Log output (LOG_FORMAT). */
  logging: LoggingConfig;
  /** /metrics placement and access, the access log. */
  observability: ObservabilityConfig;
  /** OpenTelemetry tracing (OTEL_*; off without an endpoint). */
  tracing: TracingConfig;
  /** The upstream-response cache. */
  cache: CacheConfig;
  /** The Redis replicas share (cache, rate limits, APQ). */
  redis: RedisConfig;
  /** Persisted (APQ) and trusted documents. */
  documents: DocumentsConfig;
  /** Work per request (MAX_UPSTREAM_BYTES, MAX_RESULT_CELLS). */
  bounds: BoundsConfig;
}

export interface LoadConfigOptions {
  /** The sources to read settings for (default: the registry's). */
  sources?: readonly AnySourceDefinition[];
}

const SERVER_VARIABLES = ['PORT', 'HOST', 'REQUEST_TIMEOUT_MS', 'LOG_LEVEL', 'INTROSPECTION', 'MAX_BODY_BYTES', 'GRAPHQL_JIT_AFTER', 'CORS_ORIGINS'] as const;

/** Every variable the gateway reads with these sources (CONFIG_FILE may set only these). */
export function knownVariables(sources: readonly AnySourceDefinition[] = SOURCES): string[] {
  return [...sourceVariables(sources), ...SERVER_VARIABLES, ...AUTH_VARIABLES, ...AUTH_THROTTLE_VARIABLES, ...LIMITS_VARIABLES, ...RESILIENCE_VARIABLES, ...HTTP_VARIABLES, ...LOGGING_VARIABLES, ...OBSERVABILITY_VARIABLES, ...TRACING_VARIABLES, ...CACHE_VARIABLES, ...REDIS_VARIABLES, ...DOCUMENTS_VARIABLES, ...BOUNDS_VARIABLES];
}

/** Builds the frozen configuration from the environment (and CONFIG_FILE when set). */
export function loadConfig(rawEnv: Env = process.env, options: LoadConfigOptions = {}): Config {
  const definitions: readonly AnySourceDefinition[] = options.sources ?? SOURCES;
  const env = mergeConfigFile(rawEnv, knownVariables(definitions));
  const sources = readSourcesConfig(env, definitions);
  const live = Object.values(sources).some((s) => s !== null);
  const config: Config = {
    mode: live ? 'live' : 'demo',
    port: int(env, 'PORT', 4000, 0, 65535),
    host: env.HOST?.trim() || (live ? '0.0.0.0' : '127.0.0.1'),
    requestTimeoutMs: int(env, 'REQUEST_TIMEOUT_MS', 10_000, 1, 600_000),
    logLevel: parseLogLevel(env.LOG_LEVEL),
    development: env.NODE_ENV === 'development',
    introspection: bool(env, 'INTROSPECTION', !live),
    maxBodyBytes: int(env, 'MAX_BODY_BYTES', 1_048_576, 1024, 64 * 1_048_576),
    jitCompileAfter: int(env, 'GRAPHQL_JIT_AFTER', 2, 0, 1_000_000),
    sources,
    auth: readAuthConfig(env, live, {
      scopes: ['*', ...definitions.map((d) => d.key), FEDERATION_SCOPE, ANY_DOCUMENT_SCOPE],
      allowLists: definitions.flatMap((d) => (d.allowList ? [d.allowList.policyKey] : [])),
    }),
    corsOrigins: parseCorsOrigins(env.CORS_ORIGINS),
    limits: readLimitsConfig(env),
    rateLimit: readRateLimitConfig(env),
    resilience: readResilienceConfig(env),
    forwardAuth: readForwardAuth(env, definitions),
    authThrottle: readAuthThrottleConfig(env),
    http: readHttpConfig(env),
    logging: readLoggingConfig(env, { demo: !live }),
    observability: readObservabilityConfig(env),
    tracing: readTracingConfig(env),
    cache: readCacheConfig(env),
    redis: readRedisConfig(env),
    documents: readDocumentsConfig(env),
    bounds: readBoundsConfig(env),
  };
  return deepFreeze(config);
}

function parseCorsOrigins(raw: string | undefined): string[] {
  const cors = (raw ?? '').split(',').map((o) => o.trim()).filter(Boolean);
  for (const o of cors) {
    if (o !== '*' && !/^https?:\/\/[^/\s]+$/.test(o)) {
      throw new ConfigError(`CORS_ORIGINS must be a comma-separated list of origins like https://app.example.com (no path), or *, but got: ${JSON.stringify(o)}`);
    }
  }
  return cors;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
function parseLogLevel(raw: string | undefined): string {
  if (raw === undefined || raw === '') return 'info';
  if (!LOG_LEVELS.includes(raw)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, but got: ${JSON.stringify(raw)}`);
  return raw;
}

/** The config with demo sources filled in (used once the simulators are listening). */
export function withSources(config: Config, sources: SourcesConfig): Config {
  return deepFreeze({ ...config, sources });
}
