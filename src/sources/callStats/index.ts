export { createCallStatsClient, type CallStatsClient } from './client.js';
export { createCallStatsLoaders, type CallStatsLoaders } from './loaders.js';
export { toCallStatsRequest } from './request.js';

import type { CallStatsConfig } from '../../config.js';
import { toSourceModule, type SourceDeps, type SourceModule } from '../SourceModule.js';
import { createCallStatsClient as makeClient } from './client.js';
import { createCallStatsLoaders as makeLoaders, type CallStatsLoaders as Loaders } from './loaders.js';

/** The call-stats source: one client (one Pool), loaders per request. */
export function createCallStatsSource(config: CallStatsConfig, deps: SourceDeps): SourceModule<Loaders> {
  const client = makeClient({ config, logger: deps.logger, dispatcher: deps.dispatcher, resilience: deps.resilience });
  return toSourceModule(client, (scope) => makeLoaders(client, scope));
}
