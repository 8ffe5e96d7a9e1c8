export { createIblaiClient, type IblaiClient } from './client.js';
export { createIblaiLoaders, type IblaiLoaders } from './loaders.js';
export { toIblaiDays } from './mapping.js';

import type { IblaiConfig } from '../../config.js';
import { toSourceModule, type SourceDeps, type SourceModule } from '../SourceModule.js';
import { createIblaiClient as makeClient } from './client.js';
import { createIblaiLoaders as makeLoaders, type IblaiLoaders as Loaders } from './loaders.js';

/** The iblai source: one client (one Pool), loaders per request. */
export function createIblaiSource(config: IblaiConfig, deps: SourceDeps): SourceModule<Loaders> {
  const client = makeClient({ config, logger: deps.logger, dispatcher: deps.dispatcher, resilience: deps.resilience });
  return toSourceModule(client, (scope) => makeLoaders(client, scope));
}
