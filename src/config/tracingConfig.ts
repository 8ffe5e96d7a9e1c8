import { bool, ConfigError, int, type Env } from './env.js';

/**
 * OpenTelemetry tracing, configured by the standard OTEL_* variables. We read them here (the
 * one reader of the environment) and hand the values to the SDK explicitly. Tracing is off
 * unless an OTLP endpoint is set.
 */
export interface TracingConfig {
  /** The OTLP/HTTP traces URL (e.g. http://collector:4318/v1/traces); null = tracing off. */
  endpoint: string | null;
  /** OTEL_EXPORTER_OTLP_(TRACES_)PROTOCOL: `http/protobuf` (default) or `http/json`. */
  protocol: 'http/protobuf' | 'http/json';
  /** OTEL_EXPORTER_OTLP_(TRACES_)HEADERS: sent with every export (may hold credentials: never logged). */
  headers: Readonly<Record<string, string>>;
  /** OTEL_EXPORTER_OTLP_(TRACES_)TIMEOUT: ms per export (default 10000). */
  timeoutMs: number;
  /** OTEL_SERVICE_NAME (default analytics-gateway). */
  serviceName: string;
  /** OTEL_RESOURCE_ATTRIBUTES: extra resource attributes (`service.name` comes from serviceName). */
  resourceAttributes: Readonly<Record<string, string>>;
  /** OTEL_TRACES_SAMPLER (default parentbased_always_on). */
  sampler: TraceSampler;
  /** OTEL_TRACES_SAMPLER_ARG: the ratio of the *traceidratio samplers, 0 to 1 (default 1). */
  samplerRatio: number;
}

export const TRACE_SAMPLERS = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;
export type TraceSampler = (typeof TRACE_SAMPLERS)[number];

export const TRACING_VARIABLES = [
  'OTEL_SDK_DISABLED',
  'OTEL_TRACES_EXPORTER',
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
  'OTEL_EXPORTER_OTLP_PROTOCOL',
  'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL',
  'OTEL_EXPORTER_OTLP_HEADERS',
  'OTEL_EXPORTER_OTLP_TRACES_HEADERS',
  'OTEL_EXPORTER_OTLP_TIMEOUT',
  'OTEL_EXPORTER_OTLP_TRACES_TIMEOUT',
  'OTEL_SERVICE_NAME',
  'OTEL_RESOURCE_ATTRIBUTES',
  'OTEL_TRACES_SAMPLER',
  'OTEL_TRACES_SAMPLER_ARG',
] as const;

const set = (v: string | undefined): v is string => v !== undefined && v.trim() !== '';

function url(name: string, raw: string): URL {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    throw new ConfigError(`${name} must be an absolute http(s) URL such as http://collector:4318, but got: ${JSON.stringify(raw)}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new ConfigError(`${name} must be an absolute http(s) URL such as http://collector:4318, but got: ${JSON.stringify(raw)}`);
  }
  return u;
}

/** The traces URL: the signal's own variable as it is, else `v1/traces` under the base endpoint. */
function tracesEndpoint(env: Env): string | null {
  if (set(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT)) return url('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT).toString();
  if (!set(env.OTEL_EXPORTER_OTLP_ENDPOINT)) return null;
  const base = url('OTEL_EXPORTER_OTLP_ENDPOINT', env.OTEL_EXPORTER_OTLP_ENDPOINT);
  base.pathname = `${base.pathname.replace(/\/+$/, '')}/v1/traces`;
  return base.toString();
}

/**
 * `key=value,key=value` with percent-encoded values (the OTEL_* list form). The message never
 * repeats the value: headers carry credentials.
 */
export function keyValueList(env: Env, name: string): Record<string, string> {
  const raw = env[name];
  const out: Record<string, string> = {};
  if (!set(raw)) return out;
  for (const entry of raw.split(',')) {
    if (entry.trim() === '') continue;
    const eq = entry.indexOf('=');
    const key = eq > 0 ? entry.slice(0, eq).trim() : '';
    if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(key)) {
      throw new ConfigError(`${name} must be a comma-separated list of key=value pairs (values percent-encoded), but an entry has no valid key before "=".`);
    }
    try {
      out[key] = decodeURIComponent(entry.slice(eq + 1).trim());
    } catch {
      throw new ConfigError(`${name} must be a comma-separated list of key=value pairs (values percent-encoded), but the value of "${key}" is not valid percent-encoding.`);
    }
  }
  return out;
}

function protocol(env: Env): TracingConfig['protocol'] {
  const name = set(env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL) ? 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL' : 'OTEL_EXPORTER_OTLP_PROTOCOL';
  const raw = env[name]?.trim();
  if (!raw) return 'http/protobuf';
  if (raw === 'http/protobuf' || raw === 'http/json') return raw;
  throw new ConfigError(`${name} must be http/protobuf or http/json (grpc is not supported), but got: ${JSON.stringify(raw)}`);
}

function sampler(env: Env): TraceSampler {
  const raw = env.OTEL_TRACES_SAMPLER?.trim();
  if (!raw) return 'parentbased_always_on';
  if ((TRACE_SAMPLERS as readonly string[]).includes(raw)) return raw as TraceSampler;
  throw new ConfigError(`OTEL_TRACES_SAMPLER must be one of ${TRACE_SAMPLERS.join(', ')}, but got: ${JSON.stringify(raw)}`);
}

function ratio(env: Env): number {
  const raw = env.OTEL_TRACES_SAMPLER_ARG;
  if (!set(raw)) return 1;
  const n = Number(raw);
  if (!/^\s*(\d+(\.\d*)?|\.\d+)\s*$/.test(raw) || !(n >= 0 && n <= 1)) {
    throw new ConfigError(`OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1, but got: ${JSON.stringify(raw)}`);
  }
  return n;
}

export function readTracingConfig(env: Env): TracingConfig {
  const exporter = env.OTEL_TRACES_EXPORTER?.trim();
  if (exporter && exporter !== 'otlp' && exporter !== 'none') {
    throw new ConfigError(`OTEL_TRACES_EXPORTER must be otlp or none, but got: ${JSON.stringify(exporter)}`);
  }
  const off = bool(env, 'OTEL_SDK_DISABLED', false) || exporter === 'none';
  const timeoutName = set(env.OTEL_EXPORTER_OTLP_TRACES_TIMEOUT) ? 'OTEL_EXPORTER_OTLP_TRACES_TIMEOUT' : 'OTEL_EXPORTER_OTLP_TIMEOUT';
  const resourceAttributes = keyValueList(env, 'OTEL_RESOURCE_ATTRIBUTES');
  const serviceName = env.OTEL_SERVICE_NAME?.trim() || resourceAttributes['service.name'] || 'analytics-gateway';
  return {
    endpoint: off ? null : tracesEndpoint(env),
    protocol: protocol(env),
    // The signal's own headers win over the shared ones, key by key.
    headers: { ...keyValueList(env, 'OTEL_EXPORTER_OTLP_HEADERS'), ...keyValueList(env, 'OTEL_EXPORTER_OTLP_TRACES_HEADERS') },
    timeoutMs: int(env, timeoutName, 10_000, 1, 600_000),
    serviceName,
    resourceAttributes,
    sampler: sampler(env),
    samplerRatio: ratio(env),
  };
}
