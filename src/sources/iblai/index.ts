import { sizeArg } from '../../limits/estimateHelpers.js';
import { readSdl } from '../../schema/readSdl.js';
import { IBLAI_DEMO_CONFIG, startIblaiSimulator } from '../../simulators/iblai.js';
import type { SourceDefinition } from '../SourceDefinition.js';
import { iblaiCost } from './cost.js';
import { createIblaiClient, type IblaiClient } from './client.js';
import { createIblaiLoaders, type IblaiLoaders } from './loaders.js';
import { USER_COSTS_DEFAULT_FIRST } from './paging.js';
import { iblaiResolvers } from './resolvers.js';
import { IBLAI_SETTINGS } from './settings.js';
import { iblaiCacheWindow } from './cacheWindow.js';

export type { IblaiClient, IblaiLoaders };
export type { IblaiConfig } from './settings.js';
export { toIblaiDays } from './mapping.js';

const byOrg = { allowListed: (args: Record<string, unknown>) => [args.org] };

/** iblai (ai-analytics): LLM cost per user (offset-paged whole UTC days), mentor summary/detail. */
export const iblaiSource = {
  key: 'iblai',
  name: 'IBLAI',
  typeDefs: readSdl(import.meta.url, 'schema.graphql'),
  resolvers: iblaiResolvers,
  settings: IBLAI_SETTINGS,
  rootFields: { userCosts: byOrg, mentorSummary: byOrg, mentorDetail: byOrg },
  allowList: { policyKey: 'iblaiOrgs', what: 'this iblai organization' },
  createClient: (config, deps) => createIblaiClient(config, deps),
  createLoaders: (client: IblaiClient, scope): IblaiLoaders => createIblaiLoaders(client, scope),
  estimators: {
    // A connection, priced by its page size.
    'Query.userCosts': (args) => sizeArg(args.first, USER_COSTS_DEFAULT_FIRST),
  },
  cost: iblaiCost,
  cacheWindow: iblaiCacheWindow,
  simulator: {
    start: (options) => startIblaiSimulator(options),
    config: (server) => ({ baseUrl: server.url, ...IBLAI_DEMO_CONFIG }),
  },
} as const satisfies SourceDefinition<'iblai', 'IBLAI', typeof IBLAI_SETTINGS, IblaiClient, IblaiLoaders>;
