import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { withSources, type Config } from '../config/loadConfig.js';
import type { Logger } from '../logger.js';
import { startSimulators, type Simulators } from '../simulators/startSimulators.js';
import { createGateway, type Gateway, type GatewayOptions } from './createGateway.js';

export interface RunningGateway {
  /** e.g. http://127.0.0.1:4000 */
  readonly url: string;
  readonly gateway: Gateway;
  readonly server: Server;
  /** The URL of /metrics: on the GraphQL port, or on METRICS_PORT's own listener. */
  readonly metricsUrl: string;
  /** The built-in backends, in demo mode only. */
  readonly simulators: Simulators | null;
  /** Drains in-flight requests (up to `graceMs`), then closes pools and simulators. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartGatewayOptions {
  config: Config;
  logger: Logger;
  /** The backends (default: the registry's). */
  sources?: GatewayOptions['sources'];
  dispatchers?: GatewayOptions['dispatchers'];
  /** Latency of the demo simulators (bench). */
  simulatorLatencyMs?: number;
  /** The clock that sets each request's "now" (tests). */
  clock?: GatewayOptions['clock'];
  /** The response cache's clock (tests). */
  cacheClock?: GatewayOptions['cacheClock'];
}

/**
 * Starts the gateway: in demo mode first every source's simulator on ephemeral loopback ports, then
 * the HTTP server on config.host:config.port.
 */
export async function startGateway({ config, logger, sources, dispatchers, simulatorLatencyMs, clock, cacheClock }: StartGatewayOptions): Promise<RunningGateway> {
  let simulators: Simulators | null = null;
  let effective = config;
  if (config.mode === 'demo') {
    simulators = await startSimulators({ latencyMs: simulatorLatencyMs, log: false }, sources);
    effective = withSources(config, simulators.sourcesConfig);
  }
  const gateway = await createGateway({ config: effective, logger, sources, dispatchers, clock, cacheClock });
  const server = createServer({ keepAliveTimeout: 65_000 }, gateway.handle);
  server.headersTimeout = 30_000;
  server.requestTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const url = urlOf(server);
  // METRICS_PORT: /metrics on its own listener (same host), e.g. reachable by the scraper only.
  const metricsServer = config.observability.metricsPort === null ? null : createServer(gateway.handleMetrics);
  if (metricsServer) await listen(metricsServer, config.observability.metricsPort!, config.host);
  let stopping: Promise<void> | null = null;

  return {
    url,
    metricsUrl: `${metricsServer ? urlOf(metricsServer) : url}/metrics`,
    gateway,
    server,
    simulators,
    stop(graceMs = 10_000) {
      stopping ??= (async () => {
        gateway.drain();
        const closed = new Promise<void>((r) => server.close(() => r()));
        // Keep-alive sockets become idle as their last response ends: close them as they do.
        server.closeIdleConnections();
        const sweeper = setInterval(() => server.closeIdleConnections(), 50);
        const timer = setTimeout(() => server.closeAllConnections(), graceMs);
        await closed;
        if (metricsServer) {
          const metricsClosed = new Promise<void>((r) => metricsServer.close(() => r()));
          metricsServer.closeAllConnections();
          await metricsClosed;
        }
        clearInterval(sweeper);
        clearTimeout(timer);
        await gateway.close();
        await simulators?.close();
      })();
      return stopping;
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
}

/** The listener's base URL (a wildcard host is reached on loopback). */
function urlOf(server: Server): string {
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${addr.port}`;
}
