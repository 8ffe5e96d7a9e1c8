import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readHttpConfig, type HttpConfig } from './config/http.js';
import { readLoggingConfig, type LoggingConfig } from './config/logging.js';

/**
 * The only reader of process.env and config files. Everything is validated once at start-up
 * and frozen; a bad value stops start-up with a message naming the variable and the expected
 * form.
 */

export interface IblaiConfig {
  /** IBLAI_BASE_URL, e.g. https://base.manager.iblai.app (a path prefix such as /dm is kept). */
  baseUrl: string;
  /** IBLAI_API_TOKEN: sent as `Authorization: Api-Token <token>`. */
  apiToken: string;
}
export interface CallCountsConfig {
  /** CALL_COUNTS_BASE_URL, e.g. https://api.example.com/v1/ */
  baseUrl: string;
  /** CALL_COUNTS_USERNAME: service account name for `login/service/`. */
  username: string;
  /** CALL_COUNTS_PASSWORD */
  password: string;
}
export interface CallStatsConfig {
  /** CALL_STATS_BASE_URL, e.g. https://trace.wandb.ai */
  baseUrl: string;
  /** CALL_STATS_API_KEY: sent as Basic base64("api:<key>"). */
  apiKey: string;
}
export interface EjentoConfig {
  /** EJENTO_BASE_URL: the tenant host. */
  baseUrl: string;
  /** EJENTO_SUBSCRIPTION_KEY: `Ocp-Apim-Subscription-Key`. */
  subscriptionKey: string;
  /** EJENTO_TOKEN: `Authorization: Bearer`. */
  token: string;
  /** EJENTO_MAX_BATCH_SIZE: most ids in one upstream request (default 50). */
  maxBatchSize: number;
}

export interface SourcesConfig {
  iblai: IblaiConfig | null;
  callCounts: CallCountsConfig | null;
  callStats: CallStatsConfig | null;
  ejento: EjentoConfig | null;
}

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
  sources: SourcesConfig;
  /** Caller authentication and per-principal policy (issue 6). */
  auth: AuthConfig;
  /** CORS_ORIGINS: origins allowed cross-origin access (empty: none; `*`: any). */
  corsOrigins: readonly string[];
  /** Document limits checked before any upstream call. */
  limits: LimitsConfig;
  /** RATE_LIMIT_RPS / RATE_LIMIT_BURST: token bucket per principal (rps 0 = off). */
  rateLimit: { rps: number; burst: number };
  /** Circuit breaker, concurrency cap and retries of every upstream. */
  resilience: ResilienceConfig;
  /** <SOURCE>_FORWARD_AUTH_HEADER: client header whose value replaces the upstream Authorization. */
  forwardAuth: Readonly<Partial<Record<SourceKey, string>>>;
  /** GraphQL over HTTP (CSRF_PREVENTION). */
  http: HttpConfig;
  /** Log output (LOG_FORMAT). */
  logging: LoggingConfig;
}

/** The config key of each backend. */
export type SourceKey = keyof SourcesConfig;

/** What a principal may reach: source scopes and optional allow-lists (absent = any). */
export interface Policy {
  /** Source keys (`iblai`, `callCounts`, `callStats`, `ejento`) or `*`. */
  scopes: readonly string[];
  iblaiOrgs?: readonly string[];
  callStatsProjects?: readonly string[];
  ejentoIds?: readonly string[];
}
export interface ApiKeyEntry {
  name: string;
  /** Hex SHA-256 of the key: the key itself is not kept. */
  sha256: string;
  policy: Policy;
}
export interface JwtConfig {
  /** JWKS JSON text (JWT_JWKS_FILE) or a PEM public key (JWT_PUBLIC_KEY / JWT_PUBLIC_KEY_FILE). */
  jwks: string | null;
  publicKeyPem: string | null;
  /** JWT_ALGORITHMS (default RS256,ES256). */
  algorithms: readonly string[];
  /** JWT_ISSUER, JWT_AUDIENCE: both required. */
  issuer: string;
  audience: string;
  /** JWT_CLOCK_TOLERANCE_S (default 30). */
  clockToleranceS: number;
}
export interface AuthConfig {
  /** AUTH: on by default in live mode, off in demo mode. */
  enabled: boolean;
  apiKeys: readonly ApiKeyEntry[];
  jwt: JwtConfig | null;
  /** GATEWAY_POLICIES: JSON {principalName: Policy}; overrides the default (all sources). */
  policies: Readonly<Record<string, Policy>>;
}
export interface LimitsConfig {
  /** MAX_DEPTH (default 12), MAX_ALIASES (64), MAX_ROOT_FIELDS (32), MAX_TOKENS (5000), MAX_QUERY_COST (250000). */
  maxDepth: number;
  maxAliases: number;
  maxRootFields: number;
  maxTokens: number;
  maxCost: number;
}
export interface ResilienceConfig {
  /** BREAKER_FAILURES: consecutive failures that open a source's circuit (default 5; 0 = off). */
  breakerFailures: number;
  /** BREAKER_OPEN_MS: how long the circuit stays open before one probe (default 10000). */
  breakerOpenMs: number;
  /** UPSTREAM_CONCURRENCY: most in-flight calls per source (default 64). */
  concurrency: number;
  /** UPSTREAM_MAX_RETRIES: retries of idempotent calls (default 1). */
  maxRetries: number;
}

/** The resilience settings when none are configured (also the defaults of the variables). */
export const DEFAULT_RESILIENCE: ResilienceConfig = Object.freeze({ breakerFailures: 5, breakerOpenMs: 10_000, concurrency: 64, maxRetries: 1 });

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export type Env = Record<string, string | undefined>;

const KNOWN_KEYS = [
  'IBLAI_BASE_URL', 'IBLAI_API_TOKEN',
  'CALL_COUNTS_BASE_URL', 'CALL_COUNTS_USERNAME', 'CALL_COUNTS_PASSWORD',
  'CALL_STATS_BASE_URL', 'CALL_STATS_API_KEY',
  'EJENTO_BASE_URL', 'EJENTO_SUBSCRIPTION_KEY', 'EJENTO_TOKEN', 'EJENTO_MAX_BATCH_SIZE',
  'PORT', 'HOST', 'REQUEST_TIMEOUT_MS', 'LOG_LEVEL', 'INTROSPECTION', 'MAX_BODY_BYTES', 'GRAPHQL_JIT_AFTER',
  'AUTH', 'GATEWAY_API_KEYS', 'GATEWAY_API_KEYS_FILE', 'GATEWAY_POLICIES', 'JWT_JWKS_FILE', 'JWT_PUBLIC_KEY',
  'JWT_PUBLIC_KEY_FILE', 'JWT_ALGORITHMS', 'JWT_ISSUER', 'JWT_AUDIENCE', 'JWT_CLOCK_TOLERANCE_S', 'CORS_ORIGINS',
  'MAX_DEPTH', 'MAX_ALIASES', 'MAX_ROOT_FIELDS', 'MAX_TOKENS', 'MAX_QUERY_COST', 'RATE_LIMIT_RPS', 'RATE_LIMIT_BURST',
  'BREAKER_FAILURES', 'BREAKER_OPEN_MS', 'UPSTREAM_CONCURRENCY', 'UPSTREAM_MAX_RETRIES',
  'IBLAI_FORWARD_AUTH_HEADER', 'CALL_COUNTS_FORWARD_AUTH_HEADER', 'CALL_STATS_FORWARD_AUTH_HEADER', 'EJENTO_FORWARD_AUTH_HEADER',
  'IBLAI_API_TOKEN_FILE', 'CALL_COUNTS_PASSWORD_FILE', 'CALL_STATS_API_KEY_FILE', 'EJENTO_SUBSCRIPTION_KEY_FILE', 'EJENTO_TOKEN_FILE',
  'CSRF_PREVENTION', 'LOG_FORMAT',
] as const;

/** Reads CONFIG_FILE (JSON object of the same variable names); environment variables win. */
function mergeConfigFile(env: Env): Env {
  const file = env.CONFIG_FILE;
  if (!file) return env;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`CONFIG_FILE must name a readable JSON file, but reading "${file}" failed: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(`CONFIG_FILE must contain a JSON object of settings such as {"PORT": 4000}.`);
  }
  const merged: Env = {};
  for (const [k, v] of Object.entries(parsed)) {
    if (!(KNOWN_KEYS as readonly string[]).includes(k)) {
      throw new ConfigError(`CONFIG_FILE has an unknown setting "${k}"; known settings: ${KNOWN_KEYS.join(', ')}.`);
    }
    merged[k] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  return { ...merged, ...Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')) };
}

function baseUrl(env: Env, name: string): string | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be an absolute http(s) URL, but got: ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${name} must be an absolute http(s) URL, but got: ${JSON.stringify(raw)}`);
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new ConfigError(`${name} must not carry a query, fragment or credentials (set them with their own variables).`);
  }
  return url.toString();
}

function secret(env: Env, name: string, forVar: string): string {
  let v = env[name];
  // `<NAME>_FILE` names a secret file (Kubernetes/Docker secrets) when the variable itself is unset.
  const file = env[`${name}_FILE`]?.trim();
  if ((v === undefined || v.trim() === '') && file) {
    try {
      v = readFileSync(file, 'utf8');
    } catch (err) {
      throw new ConfigError(`${name}_FILE must name a readable file, but reading "${file}" failed: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  if (v === undefined || v.trim() === '') {
    throw new ConfigError(`${name} is required when ${forVar} is set (expected a non-empty secret, or ${name}_FILE naming a file that holds it).`);
  }
  return v.trim();
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, but got: ${JSON.stringify(raw)}`);
  }
  return n;
}

export function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|on|yes)$/i.test(raw)) return true;
  if (/^(0|false|off|no)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false, but got: ${JSON.stringify(raw)}`);
}

/** Builds the frozen configuration from the environment (and CONFIG_FILE when set). */
export function loadConfig(rawEnv: Env = process.env): Config {
  const env = mergeConfigFile(rawEnv);
  const iblaiUrl = baseUrl(env, 'IBLAI_BASE_URL');
  const ccUrl = baseUrl(env, 'CALL_COUNTS_BASE_URL');
  const csUrl = baseUrl(env, 'CALL_STATS_BASE_URL');
  const ejUrl = baseUrl(env, 'EJENTO_BASE_URL');
  const live = Boolean(iblaiUrl || ccUrl || csUrl || ejUrl);

  const sources: SourcesConfig = {
    iblai: iblaiUrl ? { baseUrl: iblaiUrl, apiToken: secret(env, 'IBLAI_API_TOKEN', 'IBLAI_BASE_URL') } : null,
    callCounts: ccUrl
      ? {
          baseUrl: ccUrl,
          username: secret(env, 'CALL_COUNTS_USERNAME', 'CALL_COUNTS_BASE_URL'),
          password: secret(env, 'CALL_COUNTS_PASSWORD', 'CALL_COUNTS_BASE_URL'),
        }
      : null,
    callStats: csUrl ? { baseUrl: csUrl, apiKey: secret(env, 'CALL_STATS_API_KEY', 'CALL_STATS_BASE_URL') } : null,
    ejento: ejUrl
      ? {
          baseUrl: ejUrl,
          subscriptionKey: secret(env, 'EJENTO_SUBSCRIPTION_KEY', 'EJENTO_BASE_URL'),
          token: secret(env, 'EJENTO_TOKEN', 'EJENTO_BASE_URL'),
          maxBatchSize: int(env, 'EJENTO_MAX_BATCH_SIZE', 50, 1, 500),
        }
      : null,
  };

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
    ...hardeningConfig(env, live),
    http: readHttpConfig(env),
    logging: readLoggingConfig(env, { demo: !live }),
  };
  return deepFreeze(config);
}

/** Settings of issue 6: authentication, policy, CORS, limits, rate limits, resilience, forwarding. */
function hardeningConfig(env: Env, live: boolean): Pick<Config, 'auth' | 'corsOrigins' | 'limits' | 'rateLimit' | 'resilience' | 'forwardAuth'> {
  const policies = parsePolicies(env.GATEWAY_POLICIES);
  const apiKeys = [...parseApiKeys(env.GATEWAY_API_KEYS, policies), ...readApiKeysFile(env.GATEWAY_API_KEYS_FILE, policies)];
  const names = new Set<string>();
  for (const k of apiKeys) {
    if (names.has(k.name)) throw new ConfigError(`API key name "${k.name}" is used twice (GATEWAY_API_KEYS / GATEWAY_API_KEYS_FILE).`);
    names.add(k.name);
  }
  const jwt = jwtConfig(env);
  const enabled = bool(env, 'AUTH', live);
  // On with no credential configured, every request is refused (401) and start-up says so
  // (createGateway logs it): failing closed beats serving cost data to anyone.
  const forwardAuth: Partial<Record<SourceKey, string>> = {};
  for (const [key, name] of [['iblai', 'IBLAI'], ['callCounts', 'CALL_COUNTS'], ['callStats', 'CALL_STATS'], ['ejento', 'EJENTO']] as const) {
    const raw = env[`${name}_FORWARD_AUTH_HEADER`]?.trim();
    if (!raw) continue;
    if (!/^x-[a-z0-9-]{1,60}$/i.test(raw)) {
      throw new ConfigError(`${name}_FORWARD_AUTH_HEADER must be a client header name starting with "x-", e.g. "x-iblai-authorization", but got: ${JSON.stringify(raw)}`);
    }
    forwardAuth[key] = raw.toLowerCase();
  }
  const cors = (env.CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean);
  for (const o of cors) {
    if (o !== '*' && !/^https?:\/\/[^/\s]+$/.test(o)) {
      throw new ConfigError(`CORS_ORIGINS must be a comma-separated list of origins like https://app.example.com (no path), or *, but got: ${JSON.stringify(o)}`);
    }
  }
  return {
    auth: { enabled, apiKeys, jwt, policies },
    corsOrigins: cors,
    limits: {
      maxDepth: int(env, 'MAX_DEPTH', 12, 2, 100),
      maxAliases: int(env, 'MAX_ALIASES', 64, 0, 10_000),
      maxRootFields: int(env, 'MAX_ROOT_FIELDS', 32, 1, 10_000),
      maxTokens: int(env, 'MAX_TOKENS', 5000, 50, 1_000_000),
      maxCost: int(env, 'MAX_QUERY_COST', 250_000, 1, 1_000_000_000),
    },
    rateLimit: { rps: int(env, 'RATE_LIMIT_RPS', 20, 0, 1_000_000), burst: int(env, 'RATE_LIMIT_BURST', 100, 1, 10_000_000) },
    resilience: {
      breakerFailures: int(env, 'BREAKER_FAILURES', DEFAULT_RESILIENCE.breakerFailures, 0, 10_000),
      breakerOpenMs: int(env, 'BREAKER_OPEN_MS', DEFAULT_RESILIENCE.breakerOpenMs, 10, 3_600_000),
      concurrency: int(env, 'UPSTREAM_CONCURRENCY', DEFAULT_RESILIENCE.concurrency, 1, 10_000),
      maxRetries: int(env, 'UPSTREAM_MAX_RETRIES', DEFAULT_RESILIENCE.maxRetries, 0, 10),
    },
    forwardAuth,
  };
}

const SCOPES = ['*', 'iblai', 'callCounts', 'callStats', 'ejento'];

function parsePolicy(where: string, raw: unknown): Policy {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigError(`${where} must be an object like {"scopes": ["iblai"]}.`);
  const o = raw as Record<string, unknown>;
  const list = (k: string): string[] | undefined => {
    const v = o[k];
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string' || typeof x === 'number')) {
      throw new ConfigError(`${where}.${k} must be a list of strings.`);
    }
    return v.map(String);
  };
  const unknown = Object.keys(o).filter((k) => !['scopes', 'iblaiOrgs', 'callStatsProjects', 'ejentoIds'].includes(k));
  if (unknown.length) throw new ConfigError(`${where} has unknown keys ${unknown.join(', ')} (known: scopes, iblaiOrgs, callStatsProjects, ejentoIds).`);
  const scopes = list('scopes') ?? ['*'];
  const bad = scopes.filter((s) => !SCOPES.includes(s));
  if (bad.length) throw new ConfigError(`${where}.scopes has unknown scopes ${bad.join(', ')} (known: ${SCOPES.join(', ')}).`);
  const policy: Policy = { scopes };
  for (const k of ['iblaiOrgs', 'callStatsProjects', 'ejentoIds'] as const) {
    const v = list(k);
    if (v) policy[k] = v;
  }
  return policy;
}

function parsePolicies(raw: string | undefined): Record<string, Policy> {
  if (!raw?.trim()) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError('GATEWAY_POLICIES must be JSON like {"partner": {"scopes": ["ejento"], "ejentoIds": ["12"]}}.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ConfigError('GATEWAY_POLICIES must be a JSON object keyed by principal name.');
  return Object.fromEntries(Object.entries(parsed).map(([name, p]) => [name, parsePolicy(`GATEWAY_POLICIES.${name}`, p)]));
}

const sha256Hex = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');
const KEY_NAME = /^[A-Za-z0-9._@-]{1,64}$/;

function parseApiKeys(raw: string | undefined, policies: Record<string, Policy>): ApiKeyEntry[] {
  if (!raw?.trim()) return [];
  return raw.split(',').map((pair) => pair.trim()).filter(Boolean).map((pair) => {
    const eq = pair.indexOf('=');
    const name = eq > 0 ? pair.slice(0, eq).trim() : '';
    const key = eq > 0 ? pair.slice(eq + 1).trim() : '';
    if (!KEY_NAME.test(name) || key.length < 16) {
      // Never echo the pair: it holds a secret.
      throw new ConfigError('GATEWAY_API_KEYS must be "name=key,…" with names of letters, digits or "._@-" and keys of at least 16 characters.');
    }
    return { name, sha256: sha256Hex(key), policy: policies[name] ?? { scopes: ['*'] } };
  });
}

function readApiKeysFile(file: string | undefined, policies: Record<string, Policy>): ApiKeyEntry[] {
  if (!file?.trim()) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`GATEWAY_API_KEYS_FILE must name a readable JSON file, but reading "${file}" failed: ${(err as Error).message.split('\n')[0]}`);
  }
  const list = (parsed as { keys?: unknown })?.keys;
  if (!Array.isArray(list)) throw new ConfigError('GATEWAY_API_KEYS_FILE must hold {"keys": [{"name": "…", "key" or "sha256": "…", "scopes": […]}]}.');
  return list.map((entry: unknown, i) => {
    const e = (entry ?? {}) as Record<string, unknown>;
    const where = `GATEWAY_API_KEYS_FILE keys[${i}]`;
    const name = e.name;
    if (typeof name !== 'string' || !KEY_NAME.test(name)) throw new ConfigError(`${where}.name must be letters, digits or "._@-".`);
    let hash: string;
    if (typeof e.sha256 === 'string' && /^[0-9a-f]{64}$/i.test(e.sha256)) hash = e.sha256.toLowerCase();
    else if (typeof e.key === 'string' && e.key.trim().length >= 16) hash = sha256Hex(e.key.trim());
    else throw new ConfigError(`${where} needs "key" (at least 16 characters) or "sha256" (64 hex digits).`);
    const { name: _n, key: _k, sha256: _s, ...rest } = e;
    const policy = Object.keys(rest).length ? parsePolicy(where, rest) : (policies[name] ?? { scopes: ['*'] });
    return { name, sha256: hash, policy };
  });
}

function jwtConfig(env: Env): JwtConfig | null {
  const jwksFile = env.JWT_JWKS_FILE?.trim();
  const pemFile = env.JWT_PUBLIC_KEY_FILE?.trim();
  let pem = env.JWT_PUBLIC_KEY?.trim() || null;
  if (!jwksFile && !pemFile && !pem) return null;
  const read = (name: string, file: string) => {
    try {
      return readFileSync(file, 'utf8');
    } catch (err) {
      throw new ConfigError(`${name} must name a readable file, but reading "${file}" failed: ${(err as Error).message.split('\n')[0]}`);
    }
  };
  let jwks: string | null = null;
  if (jwksFile) {
    jwks = read('JWT_JWKS_FILE', jwksFile);
    try {
      if (!Array.isArray(JSON.parse(jwks).keys)) throw new Error();
    } catch {
      throw new ConfigError('JWT_JWKS_FILE must hold a JSON Web Key Set: {"keys": [...]}.');
    }
  }
  if (pemFile) pem = read('JWT_PUBLIC_KEY_FILE', pemFile);
  if (pem && !pem.includes('-----BEGIN PUBLIC KEY-----')) throw new ConfigError('JWT_PUBLIC_KEY(_FILE) must be a PEM "-----BEGIN PUBLIC KEY-----" (SPKI) key.');
  const issuer = env.JWT_ISSUER?.trim();
  const audience = env.JWT_AUDIENCE?.trim();
  if (!issuer || !audience) throw new ConfigError('JWT_ISSUER and JWT_AUDIENCE are required when a JWT key (JWT_JWKS_FILE / JWT_PUBLIC_KEY) is set.');
  const algorithms = (env.JWT_ALGORITHMS ?? 'RS256,ES256').split(',').map((a) => a.trim()).filter(Boolean);
  if (!algorithms.every((a) => /^(RS|PS|ES)(256|384|512)$|^EdDSA$|^Ed25519$/.test(a))) {
    throw new ConfigError(`JWT_ALGORITHMS must list asymmetric algorithms such as RS256,ES256, but got: ${JSON.stringify(env.JWT_ALGORITHMS)}`);
  }
  return { jwks, publicKeyPem: pem, algorithms, issuer, audience, clockToleranceS: int(env, 'JWT_CLOCK_TOLERANCE_S', 30, 0, 600) };
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
function parseLogLevel(raw: string | undefined): string {
  if (raw === undefined || raw === '') return 'info';
  if (!LOG_LEVELS.includes(raw)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, but got: ${JSON.stringify(raw)}`);
  return raw;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** The config with demo sources filled in (used once the simulators are listening). */
export function withSources(config: Config, sources: SourcesConfig): Config {
  return deepFreeze({ ...config, sources });
}
