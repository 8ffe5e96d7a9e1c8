import type { Resolvers } from '../generated/graphql.js';

// Placeholder until the ejento source lands (its issue replaces this file).
export const ejentoResolvers: Resolvers = {};
