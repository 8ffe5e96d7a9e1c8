import { readSdl } from '../../schema/readSdl.js';
import { EJENTO_DEMO_CONFIG, startEjentoSimulator } from '../../simulators/ejento.js';
import type { SourceDefinition } from '../SourceDefinition.js';
import { classifyEjento } from './classify.js';
import { ejentoCost } from './cost.js';
import { createEjentoClient, type EjentoClient } from './client.js';
import { EJENTO_ENTITIES } from './entities.js';
import { EJENTO_ESTIMATORS } from './estimators.js';
import { createEjentoLoaders, type EjentoLoaders } from './loaders.js';
import { ejentoResolvers } from './resolvers.js';
import { EJENTO_SETTINGS } from './settings.js';
import { ejentoCacheWindow } from './cacheWindow.js';

export type { EjentoClient, EjentoLoaders };
export type { EjentoEntityTarget } from './loaders.js';
export type { EjentoConfig } from './settings.js';
export { EJENTO_OPERATIONS, operationOf } from './operations.js';

/**
 * Ejento v2 analytics: cost, tokens, queries, votes and documents of agents, projects, teams,
 * users and corpora. Every id of one (scope, metric, window, bucket) asked in one operation is
 * one upstream request.
 */
export const ejentoSource = {
  key: 'ejento',
  name: 'EJENTO',
  typeDefs: readSdl(import.meta.url, 'schema.graphql'),
  resolvers: ejentoResolvers,
  settings: EJENTO_SETTINGS,
  rootFields: {
    ejentoEntity: { allowListed: (args: Record<string, unknown>) => [args.id] },
    ejentoEntities: { allowListed: (args: Record<string, unknown>) => (Array.isArray(args.ids) ? args.ids : []) },
    // The organization view spans every entity, so an id allow-list denies it.
    ejentoOrganization: { allowListed: () => 'all' as const },
  },
  allowList: {
    policyKey: 'ejentoIds',
    what: 'one or more of these Ejento entities',
    everything: 'organization-wide Ejento data (its allow-list names entities)',
  },
  createClient: (config, deps) => createEjentoClient(config, deps),
  createLoaders: (client: EjentoClient, scope, config): EjentoLoaders => createEjentoLoaders(client, scope, { maxBatchSize: config.maxBatchSize }),
  classify: classifyEjento,
  estimators: EJENTO_ESTIMATORS,
  cost: ejentoCost,
  entities: EJENTO_ENTITIES,
  cacheWindow: ejentoCacheWindow,
  simulator: {
    start: (options) => startEjentoSimulator(options),
    config: (server) => ({ baseUrl: server.url, ...EJENTO_DEMO_CONFIG, maxBatchSize: EJENTO_SETTINGS.integers.maxBatchSize.default }),
  },
} as const satisfies SourceDefinition<'ejento', 'EJENTO', typeof EJENTO_SETTINGS, EjentoClient, EjentoLoaders>;
