import { readSdl } from '../../schema/readSdl.js';
import { CALL_STATS_DEMO_CONFIG, startCallStatsSimulator } from '../../simulators/callStats.js';
import type { SourceDefinition } from '../SourceDefinition.js';
import { classifyCallStats } from './classify.js';
import { callStatsCost } from './cost.js';
import { createCallStatsClient, type CallStatsClient } from './client.js';
import { CALL_STATS_ESTIMATORS } from './estimators.js';
import { createCallStatsLoaders, type CallStatsLoaders } from './loaders.js';
import { callStatsResolvers } from './resolvers.js';
import { CALL_STATS_SETTINGS } from './settings.js';
import { callStatsCacheWindow } from './cacheWindow.js';

export type { CallStatsClient, CallStatsLoaders };
export type { CallStatsConfig } from './settings.js';
export { toCallStatsRequest } from './request.js';

/** call-stats: `POST /calls/stats`, token/cost usage per model and latency/count call buckets. */
export const callStatsSource = {
  key: 'callStats',
  name: 'CALL_STATS',
  typeDefs: readSdl(import.meta.url, 'schema.graphql'),
  resolvers: callStatsResolvers,
  settings: CALL_STATS_SETTINGS,
  rootFields: { callStats: { allowListed: (args: Record<string, unknown>) => [args.projectId] } },
  allowList: { policyKey: 'callStatsProjects', what: 'this call-stats project' },
  createClient: (config, deps) => createCallStatsClient(config, deps),
  createLoaders: (client: CallStatsClient, scope): CallStatsLoaders => createCallStatsLoaders(client, scope),
  classify: classifyCallStats,
  estimators: CALL_STATS_ESTIMATORS,
  cost: callStatsCost,
  cacheWindow: callStatsCacheWindow,
  simulator: {
    start: (options) => startCallStatsSimulator(options),
    config: (server) => ({ baseUrl: server.url, ...CALL_STATS_DEMO_CONFIG }),
  },
} as const satisfies SourceDefinition<'callStats', 'CALL_STATS', typeof CALL_STATS_SETTINGS, CallStatsClient, CallStatsLoaders>;
