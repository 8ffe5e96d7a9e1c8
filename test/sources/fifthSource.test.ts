import DataLoader from 'dataloader';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/env.js';
import { knownVariables, loadConfig } from '../../src/config/loadConfig.js';
import { ErrorCode } from '../../src/errors.js';
import { startSimulatorServer, type SimulatorServer } from '../../src/simulators/startSimulatorServer.js';
import { SOURCES } from '../../src/sources/registry.js';
import type { SourceClientDeps, SourceDefinition } from '../../src/sources/SourceDefinition.js';
import type { RequestScope } from '../../src/sources/scope.js';
import { errorCodeAt } from '../support/errorCodes.js';
import { expectNoLeak, upstreamSecrets } from '../support/expectNoLeak.js';
import { startTestGateway, type TestGateway } from '../support/startTestGateway.js';

/**
 * The registry is real: a fifth backend written entirely here (its own HTTP server, SDL with one
 * root field, settings, a scope, an allow-list and a classifier) joins through the public API,
 * and config, policies, statuses, readiness and error mapping all treat it like the built-ins.
 * Nothing under src/ names it.
 */
const WEATHER_KEY = 'weather-secret-key-0123';
const CANARY = 'sk-WEATHER-CANARY-99';

const settings = {
  baseUrl: 'WEATHER_BASE_URL',
  secrets: { apiKey: 'WEATHER_API_KEY' },
  integers: { maxCities: { variable: 'WEATHER_MAX_CITIES', default: 5, min: 1, max: 20 } },
  forwardAuthHeader: 'WEATHER_FORWARD_AUTH_HEADER',
} as const;

interface WeatherClient {
  temperature(city: string, scope: RequestScope): Promise<number>;
  readonly circuit: SourceClientDeps['http']['circuit'];
  close(): Promise<void>;
}

function startWeatherServer(): Promise<SimulatorServer> {
  return startSimulatorServer({
    handler: (req) => {
      if (req.headers['x-weather-key'] !== WEATHER_KEY) return { status: 401, body: { error: 'bad key' } };
      const city = decodeURIComponent(req.path.split('/').pop() ?? '');
      return { status: 200, body: { city, celsius: city.length + 0.5 } };
    },
  });
}

const weather = {
  key: 'weather',
  name: 'WEATHER',
  typeDefs: /* GraphQL */ `
    extend enum Source { "A test-only backend." WEATHER }
    extend type Query { "The temperature of a city." temperature(city: String!): Temperature }
    "A city's temperature."
    type Temperature { city: String! celsius: Float! }
  `,
  resolvers: {
    Query: {
      temperature: async (_root: unknown, args: { city: string }, ctx: { loaders: { weather: { temperature: DataLoader<string, number> } } }) => ({
        city: args.city,
        celsius: await ctx.loaders.weather.temperature.load(args.city),
      }),
    },
  },
  settings,
  rootFields: { temperature: { allowListed: (args: Record<string, unknown>) => [args.city] } },
  allowList: { policyKey: 'weatherCities', what: 'this city' },
  createClient: (config, { http }): WeatherClient => ({
    async temperature(city, scope) {
      const res = await http.request<{ celsius?: unknown }>({
        method: 'GET',
        path: `temperature/${encodeURIComponent(city)}`,
        headers: { 'x-weather-key': config.apiKey },
        deadline: scope.deadline,
        scope,
      });
      if (typeof res.body.celsius !== 'number') throw new Error('no celsius');
      return res.body.celsius;
    },
    get circuit() {
      return http.circuit;
    },
    close: () => http.close(),
  }),
  createLoaders: (client: WeatherClient, scope) => ({
    temperature: new DataLoader<string, number>((cities) => Promise.all(cities.map((c) => client.temperature(c, scope).catch((e: Error) => e)))),
  }),
  // The backend's own meaning of a status: 418 is its "city unknown".
  classify: ({ status }) => (status === 418 ? { code: ErrorCode.NOT_FOUND, message: 'WEATHER does not know this city (HTTP 418).' } : undefined),
  simulator: {
    start: () => startWeatherServer(),
    config: (server) => ({ baseUrl: server.url, apiKey: WEATHER_KEY, maxCities: 5 }),
  },
} as const satisfies SourceDefinition<'weather', 'WEATHER', typeof settings, WeatherClient, { temperature: DataLoader<string, number> }>;

const DEFINITIONS = [...SOURCES, weather];
const TEMPERATURE = '{ temperature(city: "Oslo") { city celsius } }';

describe('a fifth backend registered through the public API', () => {
  it('validates its settings with the usual messages', () => {
    const load = (env: Record<string, string>) => () => loadConfig(env, { sources: DEFINITIONS });
    expect(load({ WEATHER_BASE_URL: 'not a url' })).toThrow('WEATHER_BASE_URL must be an absolute http(s) URL, but got: "not a url"');
    expect(load({ WEATHER_BASE_URL: 'https://weather.example' })).toThrow(
      'WEATHER_API_KEY is required when WEATHER_BASE_URL is set (expected a non-empty secret, or WEATHER_API_KEY_FILE naming a file that holds it).',
    );
    expect(load({ WEATHER_BASE_URL: 'https://weather.example', WEATHER_API_KEY: 'k', WEATHER_MAX_CITIES: '99' })).toThrow(
      'WEATHER_MAX_CITIES must be an integer from 1 to 20, but got: "99"',
    );
    expect(load({ WEATHER_FORWARD_AUTH_HEADER: 'authorization' })).toThrow(ConfigError);
    expect(load({ GATEWAY_POLICIES: '{"p": {"scopes": ["weather"], "weatherColours": ["x"]}}' })).toThrow(/unknown keys weatherColours/);
    const config = loadConfig({ WEATHER_BASE_URL: 'https://weather.example', WEATHER_API_KEY: 'k', GATEWAY_POLICIES: '{"p": {"scopes": ["weather"], "weatherCities": ["Oslo"]}}' }, { sources: DEFINITIONS });
    expect(config.mode).toBe('live');
    expect(config.sources.weather).toEqual({ baseUrl: 'https://weather.example/', apiKey: 'k', maxCities: 5 });
    expect(config.auth.policies.p).toEqual({ scopes: ['weather'], weatherCities: ['Oslo'] });
    expect(knownVariables(DEFINITIONS)).toEqual(expect.arrayContaining(['WEATHER_BASE_URL', 'WEATHER_API_KEY', 'WEATHER_API_KEY_FILE', 'WEATHER_MAX_CITIES']));
    // Without it in the registry, its variables are unknown to CONFIG_FILE.
    expect(knownVariables()).not.toContain('WEATHER_BASE_URL');
  });

  describe('unconfigured in live mode', () => {
    let gw: TestGateway;
    beforeAll(async () => {
      gw = await startTestGateway({ definitions: DEFINITIONS, sources: () => ({ weather: null }) });
    });
    afterAll(async () => {
      await gw.close();
    });

    it('answers its field with SOURCE_NOT_CONFIGURED naming its variable, and the rest still answers', async () => {
      const { body } = await gw.query(`{ gateway { configuredSources } ${TEMPERATURE.slice(1)}`);
      expect(body.data.temperature).toBeNull();
      expect(errorCodeAt(body, ['temperature'])).toBe('SOURCE_NOT_CONFIGURED');
      expect(body.errors[0].message).toContain('WEATHER_BASE_URL');
      expect(body.errors[0].extensions.source).toBe('WEATHER');
      expect(body.data.gateway.configuredSources).not.toContain('WEATHER');
    });
  });

  describe('configured', () => {
    let gw: TestGateway;
    const weatherSim = () => gw.sims.weather as SimulatorServer;
    beforeAll(async () => {
      gw = await startTestGateway({
        definitions: DEFINITIONS,
        env: {
          REQUEST_TIMEOUT_MS: '800',
          UPSTREAM_MAX_RETRIES: '0',
          GATEWAY_API_KEYS: 'test=test-api-key-0123456789abcdef,ibl=iblai-only-key-0123456789,oslo=oslo-only-key-0123456789',
          GATEWAY_POLICIES: '{"ibl": {"scopes": ["iblai"]}, "oslo": {"scopes": ["weather"], "weatherCities": ["Oslo"]}}',
        },
      });
    });
    afterAll(async () => {
      await gw.close();
    });
    afterEach(() => weatherSim().setFault(null));

    it('answers its root field through its own loaders and client', async () => {
      const { body } = await gw.query(TEMPERATURE);
      expect(body).toEqual({ data: { temperature: { city: 'Oslo', celsius: 4.5 } } });
      expect(weatherSim().count('/temperature/Oslo')).toBeGreaterThanOrEqual(1);
    });

    it('enforces its scope and its allow-list like a built-in source', async () => {
      const noScope = await gw.query(TEMPERATURE, undefined, { 'x-api-key': 'iblai-only-key-0123456789' });
      expect(errorCodeAt(noScope.body, ['temperature'])).toBe('FORBIDDEN');
      expect(noScope.body.errors[0].extensions.source).toBe('WEATHER');
      const allowed = await gw.query(TEMPERATURE, undefined, { 'x-api-key': 'oslo-only-key-0123456789' });
      expect(allowed.body.data.temperature.city).toBe('Oslo');
      const other = await gw.query('{ temperature(city: "Paris") { celsius } }', undefined, { 'x-api-key': 'oslo-only-key-0123456789' });
      expect(errorCodeAt(other.body, ['temperature'])).toBe('FORBIDDEN');
      expect(other.body.errors[0].message).toBe('This caller may not read this city.');
    });

    it('shows its circuit in gateway { sources } and on /readyz', async () => {
      const { body } = await gw.query('{ gateway { configuredSources sources { source configured circuit } } }');
      expect(body.data.gateway.configuredSources).toEqual(['IBLAI', 'CALL_COUNTS', 'CALL_STATS', 'EJENTO', 'WEATHER']);
      expect(body.data.gateway.sources.at(-1)).toEqual({ source: 'WEATHER', configured: true, circuit: 'CLOSED' });
      const ready = (await (await fetch(`${gw.url}/readyz`)).json()) as { circuits: Record<string, string> };
      expect(ready.circuits.WEATHER).toBe('closed');
    });

    it.each([
      ['a 500 with a secret in its body', 'UPSTREAM_UNAVAILABLE', { status: 500, body: { detail: CANARY } }],
      ['its own 418 (through its classifier)', 'NOT_FOUND', { status: 418, body: { detail: CANARY } }],
      ['a 401 (the gateway key refused)', 'UPSTREAM_REJECTED', { status: 401, body: { detail: CANARY } }],
      ['a 429', 'RATE_LIMITED', { status: 429, headers: { 'retry-after': '7' }, body: { detail: CANARY } }],
      ['a body that is not JSON', 'UPSTREAM_BAD_RESPONSE', { status: 200, raw: `<html>${CANARY}</html>` }],
      ['a hanging backend', 'UPSTREAM_TIMEOUT', { hang: true }],
      ['a reset connection', 'UPSTREAM_UNAVAILABLE', { reset: true }],
    ] as const)('maps %s to %s with its source and no leak', async (_what, code, fault) => {
      weatherSim().setFault({ ...fault });
      const { status, body } = await gw.query(`{ gateway { demo } ${TEMPERATURE.slice(1)}`);
      expect(status).toBe(200);
      expect(body.data.gateway).toEqual({ demo: false });
      expect(errorCodeAt(body, ['temperature'])).toBe(code);
      expect(body.errors[0].extensions.source).toBe('WEATHER');
      expectNoLeak(JSON.stringify(body), upstreamSecrets(gw.sims.servers, [WEATHER_KEY], [CANARY, 'x-weather-key', '/temperature/']));
    });
  });
});
