import { readFileSync } from 'node:fs';

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
  sources: SourcesConfig;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const KNOWN_KEYS = [
  'IBLAI_BASE_URL', 'IBLAI_API_TOKEN',
  'CALL_COUNTS_BASE_URL', 'CALL_COUNTS_USERNAME', 'CALL_COUNTS_PASSWORD',
  'CALL_STATS_BASE_URL', 'CALL_STATS_API_KEY',
  'EJENTO_BASE_URL', 'EJENTO_SUBSCRIPTION_KEY', 'EJENTO_TOKEN', 'EJENTO_MAX_BATCH_SIZE',
  'PORT', 'HOST', 'REQUEST_TIMEOUT_MS', 'LOG_LEVEL', 'INTROSPECTION', 'MAX_BODY_BYTES',
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
  const v = env[name];
  if (v === undefined || v.trim() === '') {
    throw new ConfigError(`${name} is required when ${forVar} is set (expected a non-empty secret).`);
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

function bool(env: Env, name: string, fallback: boolean): boolean {
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
    sources,
  };
  return deepFreeze(config);
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
