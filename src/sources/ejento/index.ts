export { createEjentoClient, type EjentoClient } from './client.js';
export { createEjentoLoaders, type EjentoLoaders, type EjentoEntityTarget } from './loaders.js';
export { EJENTO_OPERATIONS, operationOf } from './operations.js';

import type { EjentoConfig } from '../../config.js';
import { toSourceModule, type SourceDeps, type SourceModule } from '../SourceModule.js';
import { createEjentoClient as makeClient } from './client.js';
import { createEjentoLoaders as makeLoaders, type EjentoLoaders as Loaders } from './loaders.js';

/** The Ejento source: one client (one Pool), batching loaders per request. */
export function createEjentoSource(config: EjentoConfig, deps: SourceDeps): SourceModule<Loaders> {
  const client = makeClient({ config, logger: deps.logger, dispatcher: deps.dispatcher, resilience: deps.resilience });
  const maxBatchSize = config.maxBatchSize ?? 50;
  return toSourceModule(client, (scope) => makeLoaders(client, scope, { maxBatchSize }));
}
