import { ConfigError } from './config/env.js';
import { loadConfig } from './config/loadConfig.js';
import { createLogger } from './logger.js';
import { startGateway } from './server/startGateway.js';
import { SOURCES } from './sources/registry.js';

/** Process entry: config → gateway → listen; SIGTERM/SIGINT drain in-flight requests, then exit. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`analytics-gateway: configuration error: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel, undefined, config.logging);
  const started = Date.now();
  const running = await startGateway({ config, logger });
  if (config.mode === 'demo') {
    logger.warn(
      { url: `${running.url}/graphql` },
      `DEMO MODE: no backend is configured, so the gateway serves DEMO DATA from built-in simulated backends. Set ${SOURCES.map((d) => d.settings.baseUrl).join(', ')} to go live.`,
    );
  }
  let signalled = false;
  const shutdown = (signal: string) => {
    if (signalled) return;
    signalled = true;
    logger.info({ signal }, 'draining in-flight requests');
    running.stop().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  // Last: whoever waits for this line may signal the process at once.
  logger.info(
    {
      url: `${running.url}/graphql`,
      mode: config.mode,
      sources: running.gateway.sources.configuredNames,
      startupMs: Date.now() - started,
    },
    `analytics-gateway listening on ${running.url}/graphql (GraphiQL in a browser)`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`analytics-gateway: failed to start: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
