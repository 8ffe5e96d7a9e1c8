export { createCallCountsClient, type CallCountsClient } from './client.js';
export { createCallCountsLoaders, type CallCountsLoaders } from './loaders.js';

import type { CallCountsConfig } from '../../config.js';
import { toSourceModule, type SourceDeps, type SourceModule } from '../SourceModule.js';
import { createCallCountsClient as makeClient } from './client.js';
import { createCallCountsLoaders as makeLoaders, type CallCountsLoaders as Loaders } from './loaders.js';

/**
 * The call-counts source: one client (one Pool and one shared service JWT for the whole
 * process), loaders per request.
 */
export function createCallCountsSource(config: CallCountsConfig, deps: SourceDeps): SourceModule<Loaders> {
  const client = makeClient({ config, logger: deps.logger, dispatcher: deps.dispatcher, resilience: deps.resilience });
  return toSourceModule(client, (scope) => makeLoaders(client, scope));
}
