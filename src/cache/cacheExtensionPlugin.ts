import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestCache } from './RequestCache.js';

/**
 * Adds `extensions.cache = { hits, misses, oldestAgeSeconds, sources }` to every GraphQL
 * response of a request that has a cache scope (every one while the cache is on).
 */
export function cacheExtensionPlugin(): ApolloServerPlugin<{ cache?: RequestCache }> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          const cache = contextValue.cache;
          if (!cache || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, cache: cache.toExtension() };
        },
      };
    },
  };
}
