import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/env.js';
import { loadConfig } from '../../src/config/loadConfig.js';

describe('observability and tracing settings', () => {
  it('defaults: /metrics on the GraphQL port without a key, the access log on, tracing off', () => {
    const c = loadConfig({});
    expect(c.observability).toEqual({ metricsPort: null, metricsRequireKey: false, accessLog: true });
    expect(c.tracing.endpoint).toBeNull();
    expect(c.tracing).toMatchObject({ protocol: 'http/protobuf', serviceName: 'analytics-gateway', sampler: 'parentbased_always_on', samplerRatio: 1, timeoutMs: 10_000 });
  });

  it('reads METRICS_PORT, METRICS_REQUIRE_KEY and ACCESS_LOG', () => {
    expect(loadConfig({ METRICS_PORT: '9464', METRICS_REQUIRE_KEY: 'true', ACCESS_LOG: 'off' }).observability).toEqual({ metricsPort: 9464, metricsRequireKey: true, accessLog: false });
  });

  it('puts traces under v1/traces of OTEL_EXPORTER_OTLP_ENDPOINT; the signal endpoint is used as it is', () => {
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).tracing.endpoint).toBe('http://collector:4318/v1/traces');
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel.example/otlp/' }).tracing.endpoint).toBe('https://otel.example/otlp/v1/traces');
    expect(
      loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b:4318/custom/traces' }).tracing.endpoint,
    ).toBe('http://b:4318/custom/traces');
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_SDK_DISABLED: 'true' }).tracing.endpoint).toBeNull();
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_TRACES_EXPORTER: 'none' }).tracing.endpoint).toBeNull();
  });

  it('reads the protocol, headers (percent-decoded, signal headers winning), service, resource and sampler', () => {
    const t = loadConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20abc, x-tenant=one',
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-tenant=two',
      OTEL_SERVICE_NAME: 'gw-eu',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=prod,service.name=ignored',
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.25',
    }).tracing;
    expect(t).toMatchObject({
      protocol: 'http/json',
      headers: { authorization: 'Bearer abc', 'x-tenant': 'two' },
      serviceName: 'gw-eu',
      resourceAttributes: { 'deployment.environment': 'prod' },
      sampler: 'parentbased_traceidratio',
      samplerRatio: 0.25,
    });
    expect(loadConfig({ OTEL_RESOURCE_ATTRIBUTES: 'service.name=from-resource' }).tracing.serviceName).toBe('from-resource');
  });

  it.each([
    [{ METRICS_PORT: 'ninety' }, /METRICS_PORT must be an integer from 0 to 65535, but got: "ninety"/],
    [{ METRICS_REQUIRE_KEY: 'maybe' }, /METRICS_REQUIRE_KEY must be true or false/],
    [{ ACCESS_LOG: 'loud' }, /ACCESS_LOG must be true or false/],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, /OTEL_EXPORTER_OTLP_ENDPOINT must be an absolute http\(s\) URL/],
    [{ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, /OTEL_EXPORTER_OTLP_PROTOCOL must be http\/protobuf or http\/json \(grpc is not supported\), but got: "grpc"/],
    [{ OTEL_TRACES_SAMPLER: 'sometimes' }, /OTEL_TRACES_SAMPLER must be one of always_on, .*, but got: "sometimes"/],
    [{ OTEL_TRACES_SAMPLER_ARG: '1.5' }, /OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1, but got: "1.5"/],
    [{ OTEL_TRACES_EXPORTER: 'zipkin' }, /OTEL_TRACES_EXPORTER must be otlp or none/],
    [{ OTEL_EXPORTER_OTLP_TIMEOUT: '0' }, /OTEL_EXPORTER_OTLP_TIMEOUT must be an integer from 1 to 600000/],
  ])('refuses %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('never repeats a header value in its message (headers carry credentials)', () => {
    let message = '';
    try {
      loadConfig({ OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%ZZsecret-token' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/OTEL_EXPORTER_OTLP_HEADERS must be a comma-separated list of key=value pairs/);
    expect(message).not.toContain('secret-token');
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_HEADERS: 'just-a-secret-token' })).toThrow(/no valid key/);
  });

  it('accepts the OTEL_* and metrics settings in CONFIG_FILE', async () => {
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'gw-')), 'config.json');
    writeFileSync(file, JSON.stringify({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', METRICS_PORT: 9464, ACCESS_LOG: 'off' }));
    const c = loadConfig({ CONFIG_FILE: file });
    expect(c.tracing.endpoint).toBe('http://c:4318/v1/traces');
    expect(c.observability).toMatchObject({ metricsPort: 9464, accessLog: false });
  });
});
