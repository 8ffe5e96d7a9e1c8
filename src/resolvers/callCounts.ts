import type { Resolvers } from '../generated/graphql.js';

// Placeholder until the callCounts source lands (its issue replaces this file).
export const callCountsResolvers: Resolvers = {};
