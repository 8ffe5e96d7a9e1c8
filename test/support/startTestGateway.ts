import { Writable } from 'node:stream';
import { loadConfig, withSources } from '../../src/config/loadConfig.js';
import type { SourcesConfig } from '../../src/config/sourcesConfig.js';
import type { AnySourceDefinition } from '../../src/sources/SourceDefinition.js';
import { createLogger } from '../../src/logger.js';
import { startGateway, type RunningGateway } from '../../src/server/startGateway.js';
import { startSimulators, type Simulators } from '../../src/simulators/startSimulators.js';

/** The API key every test gateway accepts (principal "test", every source); `query()` sends it. */
export const TEST_API_KEY = 'test-api-key-0123456789abcdef';

/**
 * Live-mode defaults of a test gateway: authentication on with TEST_API_KEY, and the
 * per-principal rate limit, the circuit breaker and the response cache off so that tests do
 * not trip over each other and each query reaches the simulators (the hardening and cache
 * tests turn them on through `env`).
 */
const TEST_ENV = { AUTH: 'on', GATEWAY_API_KEYS: `test=${TEST_API_KEY}`, RATE_LIMIT_RPS: '0', BREAKER_FAILURES: '0', CACHE: 'off',
  // Compile every document at first sight: the suite exercises the path production takes for repeated documents.
  GRAPHQL_JIT_AFTER: '1' };

export interface TestGateway {
  url: string;
  running: RunningGateway;
  /** The four simulators (request logs on): count calls with `sims.ejento.count('/costs')`. */
  sims: Simulators;
  /** Every log line the gateway wrote (JSON strings): tests grep them for secrets. */
  logs: string[];
  /**
   * POSTs a GraphQL operation and returns the HTTP status and parsed body. Sends
   * `x-api-key: TEST_API_KEY` unless `headers` has its own `authorization` or `x-api-key`.
   */
  query<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<{ status: number; body: T; headers: Headers }>;
  close(): Promise<void>;
}

export interface TestGatewayOptions {
  /** Extra environment for loadConfig (PORT/HOST are forced to an ephemeral loopback port). */
  env?: Record<string, string>;
  /** Change the simulator-backed sources (e.g. null one out, or point it elsewhere). */
  sources?: (sims: Simulators) => Partial<SourcesConfig>;
  /** Simulator clock (ms). */
  now?: () => number;
  /** Also pin the gateway's clock to `now` (every default range and open end then repeats exactly). */
  pinGatewayClock?: boolean;
  /** The backends (default: the registry's); each one's simulator is started too. */
  definitions?: readonly AnySourceDefinition[];
  /** The response cache's clock (default Date.now). */
  cacheClock?: () => number;
}

/**
 * Starts every source's simulator and a live-mode gateway wired to them over real HTTP on
 * 127.0.0.1 with ephemeral ports. Close it in afterAll/afterEach.
 */
export async function startTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const sims = await startSimulators({ now: options.now }, options.definitions);
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const base = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'debug', ...TEST_ENV, ...options.env }, { sources: options.definitions });
  const config = withSources({ ...base, mode: 'live' }, { ...sims.sourcesConfig, ...options.sources?.(sims) } as SourcesConfig);
  const logger = createLogger(config.logLevel, sink);
  const running = await startGateway({ config, logger, sources: options.definitions, clock: options.pinGatewayClock ? options.now : undefined, cacheClock: options.cacheClock });
  return {
    url: running.url,
    running,
    sims,
    logs,
    async query(query, variables, headers = {}) {
      const ownCredential = Object.keys(headers).some((h) => ['authorization', 'x-api-key'].includes(h.toLowerCase()));
      const res = await fetch(`${running.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(ownCredential ? {} : { 'x-api-key': TEST_API_KEY }), ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const text = await res.text();
      let body: any;
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
      return { status: res.status, body, headers: res.headers };
    },
    async close() {
      await running.stop(1000);
      await sims.close();
    },
  };
}
