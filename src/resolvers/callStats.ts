import type { Resolvers } from '../generated/graphql.js';

// Placeholder until the callStats source lands (its issue replaces this file).
export const callStatsResolvers: Resolvers = {};
