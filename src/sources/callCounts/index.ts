import { sizeArg } from '../../limits/estimateHelpers.js';
import { readSdl } from '../../schema/readSdl.js';
import { CALL_COUNTS_DEMO_CONFIG, startCallCountsSimulator } from '../../simulators/callCounts.js';
import type { SourceDefinition } from '../SourceDefinition.js';
import { classifyCallCounts } from './classify.js';
import { createCallCountsClient, type CallCountsClient } from './client.js';
import { createCallCountsLoaders, type CallCountsLoaders } from './loaders.js';
import { MAX_POINTS } from './mapping.js';
import { BY_LABEL_DEFAULT_FIRST } from './paging.js';
import { callCountsResolvers } from './resolvers.js';
import { CALL_COUNTS_SETTINGS } from './settings.js';
import { callCountsCacheWindow } from './cacheWindow.js';

export type { CallCountsClient, CallCountsLoaders };
export type { CallCountsConfig } from './settings.js';

/**
 * call-counts: API call-count time series (total, by label with cursor-paged series, by
 * scenario). One client holds one Pool and one shared service JWT for the whole process.
 */
export const callCountsSource = {
  key: 'callCounts',
  name: 'CALL_COUNTS',
  typeDefs: readSdl(import.meta.url, 'schema.graphql'),
  resolvers: callCountsResolvers,
  settings: CALL_COUNTS_SETTINGS,
  rootFields: { callCounts: {}, callCountsByLabel: {}, scenarioCallCounts: {} },
  createClient: (config, deps) => createCallCountsClient(config, deps),
  createLoaders: (client: CallCountsClient, scope): CallCountsLoaders => createCallCountsLoaders(client, scope),
  classify: classifyCallCounts,
  estimators: {
    // A connection of series, priced by its page size.
    'Query.callCountsByLabel': (args) => sizeArg(args.first, BY_LABEL_DEFAULT_FIRST),
    // The upstream never answers more than 100 points.
    'CountSeries.points': () => MAX_POINTS,
  },
  cacheWindow: callCountsCacheWindow,
  simulator: {
    start: (options) => startCallCountsSimulator(options),
    config: (server) => ({ baseUrl: `${server.url}/v1/`, ...CALL_COUNTS_DEMO_CONFIG }),
  },
} as const satisfies SourceDefinition<'callCounts', 'CALL_COUNTS', typeof CALL_COUNTS_SETTINGS, CallCountsClient, CallCountsLoaders>;
